package changeset

// gongzhuling is the change of 2020 that moved 公主岭市 from 四平 to 长春.
func gongzhuling() *ChangeSet {
	return &ChangeSet{
		Title:      "变更公主岭市代管关系",
		Date:       "2020-06-05",
		Documents:  []Document{{Number: "国函〔2020〕84号", Title: "国务院关于同意吉林省变更县级公主岭市代管关系的批复（节选）", Date: "2020-06-05"}},
		Operations: []Operation{{Type: OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220100"}},
	}
}
