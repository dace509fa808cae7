"""Liaoning's county-level administrative divisions (GB/T 2260), and their organs.

Input: nothing (this is data). Output: `COUNTIES`, code -> `County`, for the 100
districts, county-level cities, counties and autonomous counties under the
province's 14 prefecture-level cities; `county(code)` to look one up and
`organ_name(code, lang)` to name the county-level public security organ that
Art. 12 registration goes to.
Invariants: every code is 6 digits, starts with `21`, and its first four digits
are one of `CITIES`; codes are unique; names are never empty. Codes are compared
as text, never as numbers.
"""

from __future__ import annotations

import types
from collections.abc import Mapping

import attrs

#: Prefecture-level city code (4 digits) -> (Chinese name, English name).
CITIES: Mapping[str, tuple[str, str]] = types.MappingProxyType(
    {
        "2101": ("沈阳市", "Shenyang"),
        "2102": ("大连市", "Dalian"),
        "2103": ("鞍山市", "Anshan"),
        "2104": ("抚顺市", "Fushun"),
        "2105": ("本溪市", "Benxi"),
        "2106": ("丹东市", "Dandong"),
        "2107": ("锦州市", "Jinzhou"),
        "2108": ("营口市", "Yingkou"),
        "2109": ("阜新市", "Fuxin"),
        "2110": ("辽阳市", "Liaoyang"),
        "2111": ("盘锦市", "Panjin"),
        "2112": ("铁岭市", "Tieling"),
        "2113": ("朝阳市", "Chaoyang"),
        "2114": ("葫芦岛市", "Huludao"),
    }
)


@attrs.frozen
class County:
    """One county-level division: its code, and its own and its city's names.

    Example:
        >>> c = county("210102")
        >>> (c.name_zh, c.name_en, c.city_en, c.kind)
        ('和平区', 'Heping District', 'Shenyang', 'district')
    """

    code: str
    name_zh: str
    name_en: str
    city_zh: str
    city_en: str

    @property
    def city_code(self) -> str:
        """The 4-digit code of the prefecture-level city."""
        return self.code[:4]

    @property
    def kind(self) -> str:
        """`district`, `county` or `city` (county-level), read off the last two digits.

        GB/T 2260 numbers districts 01-20, counties (including autonomous
        counties) 21-80 and county-level cities 81-99.
        """
        tail = int(self.code[4:])
        if tail <= 20:
            return "district"
        if tail <= 80:
            return "county"
        return "city"


# (code, Chinese name, English name), grouped by city.
_TABLE: tuple[tuple[str, str, str], ...] = (
    # 2101 沈阳市 Shenyang
    ("210102", "和平区", "Heping District"),
    ("210103", "沈河区", "Shenhe District"),
    ("210104", "大东区", "Dadong District"),
    ("210105", "皇姑区", "Huanggu District"),
    ("210106", "铁西区", "Tiexi District"),
    ("210111", "苏家屯区", "Sujiatun District"),
    ("210112", "浑南区", "Hunnan District"),
    ("210113", "沈北新区", "Shenbei New District"),
    ("210114", "于洪区", "Yuhong District"),
    ("210115", "辽中区", "Liaozhong District"),
    ("210123", "康平县", "Kangping County"),
    ("210124", "法库县", "Faku County"),
    ("210181", "新民市", "Xinmin City"),
    # 2102 大连市 Dalian
    ("210202", "中山区", "Zhongshan District"),
    ("210203", "西岗区", "Xigang District"),
    ("210204", "沙河口区", "Shahekou District"),
    ("210211", "甘井子区", "Ganjingzi District"),
    ("210212", "旅顺口区", "Lüshunkou District"),
    ("210213", "金州区", "Jinzhou District"),
    ("210214", "普兰店区", "Pulandian District"),
    ("210224", "长海县", "Changhai County"),
    ("210281", "瓦房店市", "Wafangdian City"),
    ("210283", "庄河市", "Zhuanghe City"),
    # 2103 鞍山市 Anshan
    ("210302", "铁东区", "Tiedong District"),
    ("210303", "铁西区", "Tiexi District"),
    ("210304", "立山区", "Lishan District"),
    ("210311", "千山区", "Qianshan District"),
    ("210321", "台安县", "Tai'an County"),
    ("210323", "岫岩满族自治县", "Xiuyan Manchu Autonomous County"),
    ("210381", "海城市", "Haicheng City"),
    # 2104 抚顺市 Fushun
    ("210402", "新抚区", "Xinfu District"),
    ("210403", "东洲区", "Dongzhou District"),
    ("210404", "望花区", "Wanghua District"),
    ("210411", "顺城区", "Shuncheng District"),
    ("210421", "抚顺县", "Fushun County"),
    ("210422", "新宾满族自治县", "Xinbin Manchu Autonomous County"),
    ("210423", "清原满族自治县", "Qingyuan Manchu Autonomous County"),
    # 2105 本溪市 Benxi
    ("210502", "平山区", "Pingshan District"),
    ("210503", "溪湖区", "Xihu District"),
    ("210504", "明山区", "Mingshan District"),
    ("210505", "南芬区", "Nanfen District"),
    ("210521", "本溪满族自治县", "Benxi Manchu Autonomous County"),
    ("210522", "桓仁满族自治县", "Huanren Manchu Autonomous County"),
    # 2106 丹东市 Dandong
    ("210602", "元宝区", "Yuanbao District"),
    ("210603", "振兴区", "Zhenxing District"),
    ("210604", "振安区", "Zhen'an District"),
    ("210624", "宽甸满族自治县", "Kuandian Manchu Autonomous County"),
    ("210681", "东港市", "Donggang City"),
    ("210682", "凤城市", "Fengcheng City"),
    # 2107 锦州市 Jinzhou
    ("210702", "古塔区", "Guta District"),
    ("210703", "凌河区", "Linghe District"),
    ("210711", "太和区", "Taihe District"),
    ("210726", "黑山县", "Heishan County"),
    ("210727", "义县", "Yi County"),
    ("210781", "凌海市", "Linghai City"),
    ("210782", "北镇市", "Beizhen City"),
    # 2108 营口市 Yingkou
    ("210802", "站前区", "Zhanqian District"),
    ("210803", "西市区", "Xishi District"),
    ("210804", "鲅鱼圈区", "Bayuquan District"),
    ("210811", "老边区", "Laobian District"),
    ("210881", "盖州市", "Gaizhou City"),
    ("210882", "大石桥市", "Dashiqiao City"),
    # 2109 阜新市 Fuxin
    ("210902", "海州区", "Haizhou District"),
    ("210903", "新邱区", "Xinqiu District"),
    ("210904", "太平区", "Taiping District"),
    ("210905", "清河门区", "Qinghemen District"),
    ("210911", "细河区", "Xihe District"),
    ("210921", "阜新蒙古族自治县", "Fuxin Mongol Autonomous County"),
    ("210922", "彰武县", "Zhangwu County"),
    # 2110 辽阳市 Liaoyang
    ("211002", "白塔区", "Baita District"),
    ("211003", "文圣区", "Wensheng District"),
    ("211004", "宏伟区", "Hongwei District"),
    ("211005", "弓长岭区", "Gongchangling District"),
    ("211011", "太子河区", "Taizihe District"),
    ("211021", "辽阳县", "Liaoyang County"),
    ("211081", "灯塔市", "Dengta City"),
    # 2111 盘锦市 Panjin
    ("211102", "双台子区", "Shuangtaizi District"),
    ("211103", "兴隆台区", "Xinglongtai District"),
    ("211104", "大洼区", "Dawa District"),
    ("211122", "盘山县", "Panshan County"),
    # 2112 铁岭市 Tieling
    ("211202", "银州区", "Yinzhou District"),
    ("211204", "清河区", "Qinghe District"),
    ("211221", "铁岭县", "Tieling County"),
    ("211223", "西丰县", "Xifeng County"),
    ("211224", "昌图县", "Changtu County"),
    ("211281", "调兵山市", "Diaobingshan City"),
    ("211282", "开原市", "Kaiyuan City"),
    # 2113 朝阳市 Chaoyang
    ("211302", "双塔区", "Shuangta District"),
    ("211303", "龙城区", "Longcheng District"),
    ("211321", "朝阳县", "Chaoyang County"),
    ("211322", "建平县", "Jianping County"),
    ("211324", "喀喇沁左翼蒙古族自治县", "Harqin Left Wing Mongol Autonomous County"),
    ("211381", "北票市", "Beipiao City"),
    ("211382", "凌源市", "Lingyuan City"),
    # 2114 葫芦岛市 Huludao
    ("211402", "连山区", "Lianshan District"),
    ("211403", "龙港区", "Longgang District"),
    ("211404", "南票区", "Nanpiao District"),
    ("211421", "绥中县", "Suizhong County"),
    ("211422", "建昌县", "Jianchang County"),
    ("211481", "兴城市", "Xingcheng City"),
)


def _build() -> dict[str, County]:
    out: dict[str, County] = {}
    for code, zh, en in _TABLE:
        city_zh, city_en = CITIES[code[:4]]
        out[code] = County(code, zh, en, city_zh, city_en)
    return out


#: code -> County, in code order.
COUNTIES: Mapping[str, County] = types.MappingProxyType(_build())


def county(code: str) -> County | None:
    """The county-level division with this 6-digit code, or None if Liaoning has none.

    Example:
        >>> county("210202").name_en
        'Zhongshan District'
        >>> county("110101") is None
        True
    """
    return COUNTIES.get(code)


def is_liaoning(code: str | None) -> bool:
    """True if `code` is a 6-digit division code in Liaoning (it starts with `21`).

    This is the Art. 3 scope test; it does not ask whether the code exists.

    Example:
        >>> is_liaoning("210102"), is_liaoning("220102"), is_liaoning("21")
        (True, False, False)
    """
    return code is not None and len(code) == 6 and code.isdigit() and code.startswith("21")


def organ_name(code: str, lang: str = "en") -> str:
    """A readable name for the county-level public security organ of `code`.

    The city is named too, because two cities have a district of the same name
    (Tiexi in Shenyang and in Anshan). Unknown codes get a generic name.

    Args:
        code: a 6-digit county-level division code.
        lang: `zh` or `en`.

    Raises:
        ValueError: `lang` is neither `zh` nor `en`.

    Example:
        >>> organ_name("210102", "zh")
        '沈阳市和平区公安机关'
        >>> organ_name("210102", "en")
        'the Heping District (Shenyang) public security organ'
        >>> organ_name("210199", "en")
        'the public security organ of county 210199'
    """
    if lang not in ("zh", "en"):
        msg = f"unknown language {lang!r}: expected 'zh' or 'en'"
        raise ValueError(msg)
    c = COUNTIES.get(code)
    if lang == "zh":
        if c is None:
            return f"行政区划代码为{code}的县级公安机关"
        return f"{c.city_zh}{c.name_zh}公安机关"
    if c is None:
        return f"the public security organ of county {code}"
    return f"the {c.name_en} ({c.city_en}) public security organ"
