<?php


/**
 * 行政区划代码（地址码）
 * 补充数据
 *
 * Data Source:
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(1区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(2区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(3区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(4区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(5区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(6区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(7区)
 * https://zh.wikipedia.org/wiki/中华人民共和国行政区划代码_(8区)
 */

return [
    110100 => [
        [
            "address" => "市辖区",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    110200 => [
        [
            "address" => "县",
            "start_year" => "",
            "end_year" => 2014
        ]
    ],
    120100 => [
        [
            "address" => "市辖区",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    120200 => [
        [
            "address" => "县",
            "start_year" => "",
            "end_year" => 2015
        ]
    ],
    130101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    130901 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    131001 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    131101 => [
        [
            "address" => "市辖区",
            "start_year" => 1996,
            "end_year" => ""
        ]
    ],
    139000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1988,
            "end_year" => 1988
        ]
    ],
    140101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    140120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    140201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    140301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    140401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    140501 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    140511 => [
        [
            "address" => "郊区",
            "start_year" => 1985,
            "end_year" => 1995
        ]
    ],
    140601 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    140701 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    140801 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    140901 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    141001 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    141101 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    149000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1988,
            "end_year" => 1988
        ]
    ],
    150101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    150120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    150201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    150220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    150301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    150401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    150427 => [
        [
            "address" => "赤峰县",
            "start_year" => 1983,
            "end_year" => 1982
        ]
    ],
    150501 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    150601 => [
        [
            "address" => "市辖区",
            "start_year" => 2001,
            "end_year" => ""
        ]
    ],
    150701 => [
        [
            "address" => "市辖区",
            "start_year" => 2001,
            "end_year" => ""
        ]
    ],
    150801 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    150901 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    210101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210320 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210420 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210520 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210620 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210720 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210812 => [
        [
            "address" => "鲅鱼圈区",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    210820 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    210901 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    210920 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    211001 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    211020 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    211101 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    211201 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    211301 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    211401 => [
        [
            "address" => "市辖区",
            "start_year" => 1989,
            "end_year" => ""
        ]
    ],
    219000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    220101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    220120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    220201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    220220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    220501 => [
        [
            "address" => "市辖区",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    220601 => [
        [
            "address" => "市辖区",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    220701 => [
        [
            "address" => "市辖区",
            "start_year" => 1992,
            "end_year" => ""
        ]
    ],
    220801 => [
        [
            "address" => "市辖区",
            "start_year" => 1993,
            "end_year" => ""
        ]
    ],
    229000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    230101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230720 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    230801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    230901 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    231001 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    231019 => [
        [
            "address" => "镜泊湖市",
            "start_year" => 1986,
            "end_year" => 1986
        ]
    ],
    231082 => [
        [
            "address" => "密山市",
            "start_year" => 1989,
            "end_year" => 1995
        ]
    ],
    231201 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    232434 => [
        [
            "address" => "友谊县",
            "start_year" => 1984,
            "end_year" => 1983
        ]
    ],
    232702 => [
        [
            "address" => "松岭区",
            "start_year" => 1981,
            "end_year" => 2017
        ]
    ],
    232703 => [
        [
            "address" => "新林区",
            "start_year" => 1981,
            "end_year" => 2017
        ]
    ],
    232704 => [
        [
            "address" => "呼中区",
            "start_year" => 1981,
            "end_year" => 2017
        ]
    ],
    232761 => [
        [
            "address" => "加格达奇区",
            "start_year" => 2018,
            "end_year" => ""
        ]
    ],
    232762 => [
        [
            "address" => "松岭区",
            "start_year" => 2018,
            "end_year" => ""
        ]
    ],
    232763 => [
        [
            "address" => "新林区",
            "start_year" => 2018,
            "end_year" => ""
        ]
    ],
    232764 => [
        [
            "address" => "呼中区",
            "start_year" => 2018,
            "end_year" => ""
        ]
    ],
    239000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    310100 => [
        [
            "address" => "市辖区",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    310200 => [
        [
            "address" => "县",
            "start_year" => "",
            "end_year" => 2015
        ]
    ],
    320101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    320201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320212 => [
        [
            "address" => "马山区",
            "start_year" => 1987,
            "end_year" => 1999
        ]
    ],
    320301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320520 => [
        [
            "address" => "常熟市",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    320601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    320901 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    321001 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    321020 => [
        [
            "address" => "泰州市",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    321101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    329000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    330101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    330113 => [
        [
            "address" => "临平区",
            "start_year" => 2021,
            "end_year" => ""
        ]
    ],
    330114 => [
        [
            "address" => "钱塘区",
            "start_year" => 2021,
            "end_year" => ""
        ]
    ],
    330120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    330201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    330220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    330320 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    330401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    330501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    330601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    330719 => [
        [
            "address" => "兰溪市",
            "start_year" => 1985,
            "end_year" => 1985
        ]
    ],
    330801 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    330901 => [
        [
            "address" => "市辖区",
            "start_year" => 1987,
            "end_year" => ""
        ]
    ],
    331001 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    331101 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    332532 => [
        [
            "address" => "龙游县",
            "start_year" => 1983,
            "end_year" => 1984
        ]
    ],
    332533 => [
        [
            "address" => "磐安县",
            "start_year" => 1983,
            "end_year" => 1984
        ]
    ],
    332628 => [
        [
            "address" => "松阳县",
            "start_year" => 1982,
            "end_year" => 1999
        ]
    ],
    332629 => [
        [
            "address" => "景宁畲族自治县",
            "start_year" => 1984,
            "end_year" => 1999
        ]
    ],
    332702 => [
        [
            "address" => "临海市",
            "start_year" => 1986,
            "end_year" => 1993
        ]
    ],
    332703 => [
        [
            "address" => "黄岩市",
            "start_year" => 1989,
            "end_year" => 1993
        ]
    ],
    332704 => [
        [
            "address" => "温岭市",
            "start_year" => 1994,
            "end_year" => 1993
        ]
    ],
    339000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    340101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    340201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    340301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340420 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    340501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340620 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    340701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340720 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    340801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    340900 => [
        [
            "address" => "省直辖行政单位",
            "start_year" => 1983,
            "end_year" => 1986
        ]
    ],
    341001 => [
        [
            "address" => "市辖区",
            "start_year" => 1987,
            "end_year" => ""
        ]
    ],
    341101 => [
        [
            "address" => "市辖区",
            "start_year" => 1992,
            "end_year" => ""
        ]
    ],
    341123 => [
        [
            "address" => "滁县",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    341201 => [
        [
            "address" => "市辖区",
            "start_year" => 1996,
            "end_year" => ""
        ]
    ],
    341301 => [
        [
            "address" => "市辖区",
            "start_year" => 1998,
            "end_year" => ""
        ]
    ],
    341401 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => 2010
        ]
    ],
    341501 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    341601 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    341701 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    341801 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    350101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    350120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    350201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    350220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    350301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    350401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    350601 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    350701 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    350801 => [
        [
            "address" => "市辖区",
            "start_year" => 1996,
            "end_year" => ""
        ]
    ],
    350901 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    352105 => [
        [
            "address" => "建阳市",
            "start_year" => 1994,
            "end_year" => 1993
        ]
    ],
    359000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    360101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    360120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    360201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    360301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    360401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    360501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    360601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    360701 => [
        [
            "address" => "市辖区",
            "start_year" => 1998,
            "end_year" => ""
        ]
    ],
    360801 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    360901 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    361001 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    361101 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    362502 => [
        [
            "address" => "临川市",
            "start_year" => 1987,
            "end_year" => 1999
        ]
    ],
    370101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    370201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    370301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370420 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    370501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370621 => [
        [
            "address" => "福山县",
            "start_year" => 1983,
            "end_year" => 1982
        ]
    ],
    370626 => [
        [
            "address" => "莱西县",
            "start_year" => 1983,
            "end_year" => 1982
        ]
    ],
    370701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    370821 => [
        [
            "address" => "济宁县",
            "start_year" => 1983,
            "end_year" => 1982
        ]
    ],
    370824 => [
        [
            "address" => "泗水县",
            "start_year" => 1983,
            "end_year" => 1982
        ]
    ],
    370919 => [
        [
            "address" => "莱芜市",
            "start_year" => 1985,
            "end_year" => 1985
        ]
    ],
    370920 => [
        [
            "address" => "新泰市",
            "start_year" => 1985,
            "end_year" => 1985
        ]
    ],
    371001 => [
        [
            "address" => "市辖区",
            "start_year" => 1987,
            "end_year" => ""
        ]
    ],
    371101 => [
        [
            "address" => "市辖区",
            "start_year" => 1992,
            "end_year" => ""
        ]
    ],
    371201 => [
        [
            "address" => "市辖区",
            "start_year" => 1992,
            "end_year" => 2018
        ]
    ],
    371301 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    371401 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    371501 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    371601 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    371701 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    372802 => [
        [
            "address" => "日照市",
            "start_year" => 1985,
            "end_year" => 1988
        ]
    ],
    379000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    410101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    410201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410307 => [
        [
            "address" => "偃师区",
            "start_year" => 2021,
            "end_year" => ""
        ]
    ],
    410308 => [
        [
            "address" => "孟津区",
            "start_year" => 2021,
            "end_year" => ""
        ]
    ],
    410401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410601 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410701 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410801 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    410901 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    411001 => [
        [
            "address" => "市辖区",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    411101 => [
        [
            "address" => "市辖区",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    411201 => [
        [
            "address" => "市辖区",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    411219 => [
        [
            "address" => "义马市",
            "start_year" => 1986,
            "end_year" => 1985
        ]
    ],
    411301 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    411401 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    411501 => [
        [
            "address" => "市辖区",
            "start_year" => 1998,
            "end_year" => ""
        ]
    ],
    411601 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    411701 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    412535 => [
        [
            "address" => "义马矿区",
            "start_year" => "",
            "end_year" => 1980
        ]
    ],
    419000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    420101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    420120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    420201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    420220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    420301 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    420501 => [
        [
            "address" => "市辖区",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    420522 => [
        [
            "address" => "宜都县",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    420524 => [
        [
            "address" => "当阳县",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    420601 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    420605 => [
        [
            "address" => "郊区",
            "start_year" => 1984,
            "end_year" => 1994
        ]
    ],
    420619 => [
        [
            "address" => "随州市",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    420620 => [
        [
            "address" => "老河口市",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    420681 => [
        [
            "address" => "随州市",
            "start_year" => 1989,
            "end_year" => 1993
        ]
    ],
    420701 => [
        [
            "address" => "市辖区",
            "start_year" => 1987,
            "end_year" => ""
        ]
    ],
    420801 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    421021 => [
        [
            "address" => "松滋县",
            "start_year" => 1994,
            "end_year" => 1994
        ]
    ],
    421084 => [
        [
            "address" => "天门市",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    421085 => [
        [
            "address" => "潜江市",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    421086 => [
        [
            "address" => "仙桃市",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    421101 => [
        [
            "address" => "市辖区",
            "start_year" => 1995,
            "end_year" => ""
        ]
    ],
    421201 => [
        [
            "address" => "市辖区",
            "start_year" => 1998,
            "end_year" => ""
        ]
    ],
    421301 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    421302 => [
        [
            "address" => "曾都区",
            "start_year" => 2000,
            "end_year" => 2008
        ]
    ],
    422900 => [
        [
            "address" => "林区",
            "start_year" => 1989,
            "end_year" => 1993
        ],
        [
            "address" => "林区",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    429000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ],
    430101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    430120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    430201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    430220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    430301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    430312 => [
        [
            "address" => "韶山区",
            "start_year" => 1983,
            "end_year" => 1987
        ]
    ],
    430401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    430501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    430601 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    430625 => [
        [
            "address" => "汨罗县",
            "start_year" => 1986,
            "end_year" => 1986
        ]
    ],
    430701 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    430727 => [
        [
            "address" => "慈利县",
            "start_year" => 1988,
            "end_year" => 1987
        ]
    ],
    430801 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    430901 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    431001 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    431101 => [
        [
            "address" => "市辖区",
            "start_year" => 1995,
            "end_year" => ""
        ]
    ],
    431201 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    431301 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    432128 => [
        [
            "address" => "韶山区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    439000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    440101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    440120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    440201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    440220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    440301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    440302 => [
        [
            "address" => "沙头角区",
            "start_year" => 1988,
            "end_year" => 1989
        ]
    ],
    440320 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    440401 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    440501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    440520 => [
        [
            "address" => "潮州市",
            "start_year" => 1983,
            "end_year" => 1985
        ]
    ],
    440581 => [
        [
            "address" => "潮州市",
            "start_year" => 1989,
            "end_year" => 1990
        ]
    ],
    440601 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    440701 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    440801 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    440901 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    441201 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    441281 => [
        [
            "address" => "云浮市",
            "start_year" => 1992,
            "end_year" => 1993
        ]
    ],
    441282 => [
        [
            "address" => "罗定市",
            "start_year" => 1993,
            "end_year" => 1993
        ]
    ],
    441301 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    441401 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    441501 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    441601 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    441701 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    441801 => [
        [
            "address" => "市辖区",
            "start_year" => 1988,
            "end_year" => ""
        ]
    ],
    442137 => [
        [
            "address" => "西南中沙群岛办事处",
            "start_year" => 1987,
            "end_year" => 1987
        ]
    ],
    442229 => [
        [
            "address" => "西南中沙群岛办事处",
            "start_year" => 1984,
            "end_year" => 1986
        ]
    ],
    442701 => [
        [
            "address" => "佛山市",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    442702 => [
        [
            "address" => "江门市",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    442901 => [
        [
            "address" => "湛江市",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    442902 => [
        [
            "address" => "茂名市",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    445101 => [
        [
            "address" => "市辖区",
            "start_year" => 1991,
            "end_year" => ""
        ]
    ],
    445201 => [
        [
            "address" => "市辖区",
            "start_year" => 1991,
            "end_year" => ""
        ]
    ],
    445301 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    449000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => 1988
        ]
    ],
    450101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    450111 => [
        [
            "address" => "郊区",
            "start_year" => 1984,
            "end_year" => 2000
        ]
    ],
    450201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    450211 => [
        [
            "address" => "郊区",
            "start_year" => 1984,
            "end_year" => 2001
        ]
    ],
    450301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    450320 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    450401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    450411 => [
        [
            "address" => "郊区",
            "start_year" => 1983,
            "end_year" => 2002
        ]
    ],
    450501 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    450511 => [
        [
            "address" => "郊区",
            "start_year" => 1984,
            "end_year" => 1993
        ]
    ],
    450601 => [
        [
            "address" => "市辖区",
            "start_year" => 1993,
            "end_year" => ""
        ]
    ],
    450701 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    450801 => [
        [
            "address" => "市辖区",
            "start_year" => 1995,
            "end_year" => ""
        ]
    ],
    450901 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    451001 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    451101 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    451201 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    451301 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    451401 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    460037 => [
        [
            "address" => "西沙群岛",
            "start_year" => 1988,
            "end_year" => 2001
        ]
    ],
    460038 => [
        [
            "address" => "南沙群岛",
            "start_year" => 1988,
            "end_year" => 2001
        ]
    ],
    460039 => [
        [
            "address" => "中沙群岛的岛礁及其海域",
            "start_year" => 1988,
            "end_year" => 2001
        ]
    ],
    460101 => [
        [
            "address" => "市辖区",
            "start_year" => 1990,
            "end_year" => ""
        ]
    ],
    460201 => [
        [
            "address" => "市辖区",
            "start_year" => 2014,
            "end_year" => ""
        ]
    ],
    460301 => [
        [
            "address" => "市辖区",
            "start_year" => 2020,
            "end_year" => ""
        ]
    ],
    460302 => [
        [
            "address" => "西沙区",
            "start_year" => 2020,
            "end_year" => ""
        ]
    ],
    460303 => [
        [
            "address" => "南沙区",
            "start_year" => 2020,
            "end_year" => ""
        ]
    ],
    469000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    469004 => [
        [
            "address" => "琼山市",
            "start_year" => 2002,
            "end_year" => 2001
        ]
    ],
    469031 => [
        [
            "address" => "西沙群岛",
            "start_year" => 2002,
            "end_year" => 2011
        ]
    ],
    469032 => [
        [
            "address" => "南沙群岛",
            "start_year" => 2002,
            "end_year" => 2011
        ]
    ],
    469033 => [
        [
            "address" => "中沙群岛的岛礁及其海域",
            "start_year" => 2002,
            "end_year" => 2011
        ]
    ],
    500100 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    500200 => [
        [
            "address" => "县",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    500300 => [
        [
            "address" => "市",
            "start_year" => 1997,
            "end_year" => 2005
        ]
    ],
    510101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    510120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    510201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => 1996
        ]
    ],
    510220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    510301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    510320 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    510401 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    510420 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    510501 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    510601 => [
        [
            "address" => "市辖区",
            "start_year" => 1984,
            "end_year" => ""
        ]
    ],
    510701 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    510801 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    510901 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    511001 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    511101 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    511201 => [
        [
            "address" => "市辖区",
            "start_year" => 1992,
            "end_year" => 1996
        ]
    ],
    511301 => [
        [
            "address" => "市辖区",
            "start_year" => 1993,
            "end_year" => ""
        ]
    ],
    511401 => [
        [
            "address" => "市辖区",
            "start_year" => 1995,
            "end_year" => 1996
        ],
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    511481 => [
        [
            "address" => "南川市",
            "start_year" => 1995,
            "end_year" => 1996
        ]
    ],
    511501 => [
        [
            "address" => "市辖区",
            "start_year" => 1996,
            "end_year" => ""
        ]
    ],
    511601 => [
        [
            "address" => "市辖区",
            "start_year" => 1998,
            "end_year" => ""
        ]
    ],
    511701 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    511801 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    511901 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    512001 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    517001 => [
        [
            "address" => "市辖区",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    519000 => [
        [
            "address" => "省直辖县级行政单位",
            "start_year" => 1988,
            "end_year" => 1988
        ]
    ],
    520101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    520301 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    520401 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    520501 => [
        [
            "address" => "市辖区",
            "start_year" => 2011,
            "end_year" => ""
        ]
    ],
    520601 => [
        [
            "address" => "市辖区",
            "start_year" => 2011,
            "end_year" => ""
        ]
    ],
    530101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    530120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    530201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => 1997
        ]
    ],
    530301 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    530401 => [
        [
            "address" => "市辖区",
            "start_year" => 1997,
            "end_year" => ""
        ]
    ],
    530501 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    530601 => [
        [
            "address" => "市辖区",
            "start_year" => 2001,
            "end_year" => ""
        ]
    ],
    530701 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    530801 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    530901 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    540101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    540120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    540201 => [
        [
            "address" => "市辖区",
            "start_year" => 2014,
            "end_year" => ""
        ]
    ],
    540301 => [
        [
            "address" => "市辖区",
            "start_year" => 2014,
            "end_year" => ""
        ]
    ],
    540401 => [
        [
            "address" => "市辖区",
            "start_year" => 2015,
            "end_year" => ""
        ]
    ],
    540501 => [
        [
            "address" => "市辖区",
            "start_year" => 2016,
            "end_year" => ""
        ]
    ],
    540601 => [
        [
            "address" => "市辖区",
            "start_year" => 2017,
            "end_year" => ""
        ]
    ],
    610101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    610120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    610201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    610220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    610301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    610320 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    610501 => [
        [
            "address" => "市辖区",
            "start_year" => 1994,
            "end_year" => ""
        ]
    ],
    610601 => [
        [
            "address" => "市辖区",
            "start_year" => 1996,
            "end_year" => ""
        ]
    ],
    610701 => [
        [
            "address" => "市辖区",
            "start_year" => 1996,
            "end_year" => ""
        ]
    ],
    610801 => [
        [
            "address" => "市辖区",
            "start_year" => 1999,
            "end_year" => ""
        ]
    ],
    610901 => [
        [
            "address" => "市辖区",
            "start_year" => 2000,
            "end_year" => ""
        ]
    ],
    611001 => [
        [
            "address" => "市辖区",
            "start_year" => 2001,
            "end_year" => ""
        ]
    ],
    620101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    620120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    620201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    620301 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    620320 => [
        [
            "address" => "市区",
            "start_year" => 1981,
            "end_year" => 1982
        ]
    ],
    620401 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    620501 => [
        [
            "address" => "市辖区",
            "start_year" => 1985,
            "end_year" => ""
        ]
    ],
    620601 => [
        [
            "address" => "市辖区",
            "start_year" => 2001,
            "end_year" => ""
        ]
    ],
    620701 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    620801 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    620901 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    621001 => [
        [
            "address" => "市辖区",
            "start_year" => 2002,
            "end_year" => ""
        ]
    ],
    621101 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    621201 => [
        [
            "address" => "市辖区",
            "start_year" => 2004,
            "end_year" => ""
        ]
    ],
    630101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    630120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    630201 => [
        [
            "address" => "市辖区",
            "start_year" => 2013,
            "end_year" => ""
        ]
    ],
    632400 => [
        [
            "address" => "省直辖行政单位",
            "start_year" => "",
            "end_year" => 1987
        ]
    ],
    632857 => [
        [
            "address" => "大柴旦行政委员会",
            "start_year" => "",
            "end_year" => ""
        ]
    ],
    632858 => [
        [
            "address" => "冷湖行政委员会",
            "start_year" => "",
            "end_year" => 2017
        ]
    ],
    632859 => [
        [
            "address" => "茫崖行政委员会",
            "start_year" => "",
            "end_year" => 2017
        ]
    ],
    640101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    640111 => [
        [
            "address" => "郊区",
            "start_year" => 1983,
            "end_year" => 2001
        ]
    ],
    640120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    640201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    640203 => [
        [
            "address" => "石嘴山区",
            "start_year" => 1983,
            "end_year" => 2002
        ]
    ],
    640220 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    640301 => [
        [
            "address" => "市辖区",
            "start_year" => 1998,
            "end_year" => ""
        ]
    ],
    640401 => [
        [
            "address" => "市辖区",
            "start_year" => 2001,
            "end_year" => ""
        ]
    ],
    640501 => [
        [
            "address" => "市辖区",
            "start_year" => 2003,
            "end_year" => ""
        ]
    ],
    650101 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    650120 => [
        [
            "address" => "市区",
            "start_year" => "",
            "end_year" => 1982
        ]
    ],
    650201 => [
        [
            "address" => "市辖区",
            "start_year" => 1983,
            "end_year" => ""
        ]
    ],
    650401 => [
        [
            "address" => "市辖区",
            "start_year" => 2015,
            "end_year" => ""
        ]
    ],
    650501 => [
        [
            "address" => "市辖区",
            "start_year" => 2016,
            "end_year" => ""
        ]
    ],
    659000 => [
        [
            "address" => "自治区直辖县级行政单位",
            "start_year" => 1986,
            "end_year" => ""
        ]
    ]
];
