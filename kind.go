package quhua

import (
	"strconv"
	"strings"
)

// Level is the tier of a division in the GB/T 2260 hierarchy.
type Level uint8

const (
	// Nation is the root, 000000 中华人民共和国.
	Nation Level = iota
	// Province: 省级 (省, 自治区, 直辖市, 特别行政区), codes XX0000.
	Province
	// Prefecture: 地级 (地级市, 地区, 自治州, 盟), codes XXXX00.
	Prefecture
	// County: 县级 (市辖区, 县, 县级市, 自治县, 旗, …), all other 6-digit codes.
	County
	// Township: 乡级 (街道, 镇, 乡, 民族乡, 苏木, …), 9-digit codes. Only
	// registries with the township level (package township) hold them.
	Township
)

var levelNames = [...]string{"国家", "省级", "地级", "县级", "乡级"}
var levelKeys = [...]string{"nation", "province", "prefecture", "county", "township"}

// String returns the Chinese name of the level (省级, 地级, 县级).
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// Key returns an English identifier for the level, as used in JSON.
func (l Level) Key() string {
	if int(l) < len(levelKeys) {
		return levelKeys[l]
	}
	return l.String()
}

// MarshalText implements encoding.TextMarshaler (the English key).
func (l Level) MarshalText() ([]byte, error) { return []byte(l.Key()), nil }

// LevelOf returns the level that a code's pattern implies: XX0000
// province, XXXX00 prefecture, any other 6-digit code county, a 9-digit
// code township. 000000 is Nation.
func LevelOf(code Code) Level {
	switch {
	case code.Township():
		return Township
	case code == 0:
		return Nation
	case code%10000 == 0:
		return Province
	case code%100 == 0:
		return Prefecture
	}
	return County
}

// Kind is the type of a division: 省, 自治区, 地级市, 自治州, 市辖区, 县级市 and so on.
type Kind uint8

// The kinds of division. The zero Kind is KindOther.
const (
	KindOther            Kind = iota // 其他 (e.g. 西沙群岛, county-level 畹町镇)
	KindNation                       // 国家
	KindProvince                     // 省
	KindAutonomousReg                // 自治区
	KindMunicipality                 // 直辖市
	KindSAR                          // 特别行政区
	KindPrefCity                     // 地级市
	KindPrefecture                   // 地区
	KindAutonomousPref               // 自治州
	KindLeague                       // 盟
	KindAdminRegion                  // 行政区 (海南行政区, 1981–1987)
	KindDistrict                     // 市辖区
	KindCounty                       // 县
	KindCountyCity                   // 县级市
	KindAutonomousCounty             // 自治县
	KindBanner                       // 旗
	KindAutonomousBanner             // 自治旗
	KindSpecialDistrict              // 特区
	KindForestryDistrict             // 林区
	KindSubdistrict                  // 街道
	KindTown                         // 镇
	KindTownship                     // 乡
	KindEthnicTownship               // 民族乡
	KindSumu                         // 苏木
	KindEthnicSumu                   // 民族苏木
	KindDistrictOffice               // 区公所
	KindTownshipOther                // 其他乡级 (a township-level unit with another name)
	numKinds
)

var kindNames = [numKinds]string{
	"其他", "国家", "省", "自治区", "直辖市", "特别行政区",
	"地级市", "地区", "自治州", "盟", "行政区",
	"市辖区", "县", "县级市", "自治县", "旗", "自治旗", "特区", "林区",
	"街道", "镇", "乡", "民族乡", "苏木", "民族苏木", "区公所", "其他乡级",
}

var kindKeys = [numKinds]string{
	"other", "nation", "province", "autonomous-region", "municipality", "sar",
	"prefecture-city", "prefecture", "autonomous-prefecture", "league", "administrative-region",
	"district", "county", "county-city", "autonomous-county", "banner", "autonomous-banner",
	"special-district", "forestry-district",
	"subdistrict", "town", "township", "ethnic-township", "sumu", "ethnic-sumu", "district-office", "township-other",
}

// String returns the Chinese name of the kind, e.g. 县级市.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Key returns an English identifier for the kind, e.g. "county-city".
func (k Kind) Key() string {
	if k < numKinds {
		return kindKeys[k]
	}
	return k.String()
}

// MarshalText implements encoding.TextMarshaler (the Chinese name).
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Kinds returns every kind, in order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// ParseKind returns the kind named by its Chinese name or English key.
func ParseKind(s string) (Kind, bool) {
	for i := Kind(0); i < numKinds; i++ {
		if kindNames[i] == s || kindKeys[i] == s {
			return i, true
		}
	}
	return 0, false
}

// Level returns the level a kind belongs to, or County for KindOther.
func (k Kind) Level() Level {
	switch k {
	case KindNation:
		return Nation
	case KindProvince, KindAutonomousReg, KindMunicipality, KindSAR:
		return Province
	case KindPrefCity, KindPrefecture, KindAutonomousPref, KindLeague, KindAdminRegion:
		return Prefecture
	case KindSubdistrict, KindTown, KindTownship, KindEthnicTownship, KindSumu, KindEthnicSumu, KindDistrictOffice, KindTownshipOther:
		return Township
	}
	return County
}

// kindExceptions lists names whose kind their suffix does not tell.
var kindExceptions = map[string]Kind{
	"神农架林区": KindForestryDistrict, // ends in 区 but is a 林区, not a district
	"海南行政区": KindAdminRegion,      // prefecture-level 行政区 of Guangdong, 1981–1987
}

// KindOf derives the kind of a division from its code and name: the level
// from the code pattern, the kind from the name's suffix, with a small table
// of exceptions (神农架林区, 海南行政区).
func KindOf(code Code, name string) Kind {
	if k, ok := kindExceptions[name]; ok {
		return k
	}
	switch LevelOf(code) {
	case Township:
		switch {
		case strings.HasSuffix(name, "街道"):
			return KindSubdistrict
		case strings.HasSuffix(name, "镇"):
			return KindTown
		case strings.HasSuffix(name, "族乡"):
			return KindEthnicTownship
		case strings.HasSuffix(name, "乡"):
			return KindTownship
		case strings.HasSuffix(name, "族苏木"):
			return KindEthnicSumu
		case strings.HasSuffix(name, "苏木"):
			return KindSumu
		case strings.HasSuffix(name, "区公所"):
			return KindDistrictOffice
		}
		return KindTownshipOther
	case Nation:
		return KindNation
	case Province:
		switch {
		case code.Province() == 11 || code.Province() == 12 || code.Province() == 31 || code.Province() == 50:
			return KindMunicipality
		case strings.HasSuffix(name, "特别行政区"):
			return KindSAR
		case strings.HasSuffix(name, "自治区"):
			return KindAutonomousReg
		case strings.HasSuffix(name, "省"):
			return KindProvince
		}
	case Prefecture:
		switch {
		case strings.HasSuffix(name, "自治州"):
			return KindAutonomousPref
		case strings.HasSuffix(name, "地区"):
			return KindPrefecture
		case strings.HasSuffix(name, "盟"):
			return KindLeague
		case strings.HasSuffix(name, "市"):
			return KindPrefCity
		}
	default:
		switch {
		case strings.HasSuffix(name, "自治县"):
			return KindAutonomousCounty
		case strings.HasSuffix(name, "自治旗"):
			return KindAutonomousBanner
		case strings.HasSuffix(name, "旗"):
			return KindBanner
		case strings.HasSuffix(name, "县"):
			return KindCounty
		case strings.HasSuffix(name, "特区"):
			return KindSpecialDistrict
		case strings.HasSuffix(name, "区"):
			return KindDistrict
		case strings.HasSuffix(name, "市"):
			return KindCountyCity
		}
	}
	return KindOther
}

// kindSuffixes are the suffixes ShortName strips, longest first.
var kindSuffixes = []string{
	"特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
	"行政区", "地区", "林区", "特区", "矿区", "省", "市", "县", "区", "盟", "旗",
}

// ShortName returns the name without its kind suffix, as people often write
// it: 公主岭市 → 公主岭, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边朝鲜族.
// A name that would keep fewer than two characters is returned whole
// (沙市 stays 沙市).
func ShortName(name string) string {
	for _, suf := range kindSuffixes {
		if strings.HasSuffix(name, suf) {
			s := strings.TrimSuffix(name, suf)
			if len([]rune(s)) >= 2 {
				return s
			}
			return name
		}
	}
	return name
}
