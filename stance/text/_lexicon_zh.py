"""Word lists of Chinese attribution, in simplified and traditional characters:
reporting verbs, titles, heads of bodies, countries and the words that end a subject.
Data only; ``_speech_zh`` and ``_phrases_zh`` hold the rules."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Longest first, so a regular expression tries 声称 before 称."""
    return tuple(sorted(set(text.split()), key=len, reverse=True))


#: verbs that report speech wherever a subject stands before them
VERBS = _words(
    "表示 指出 强调 強調 称 稱 回应 回應 声称 聲稱 宣称 宣稱 否认 否認 驳斥 駁斥 反驳 反駁 "
    "批驳 批駁 谴责 譴責 批评 批評 抨击 抨擊 指责 指責 指控 呼吁 呼籲 敦促 促请 促請 警告 "
    "重申 坦言 直言 透露 介绍 介紹 提到 宣布 宣佈 回答 答问 答問 追问 追問 提问 提問 问道 "
    "問道 质问 質問 质疑 質疑 反问 反問 补充 補充 续称 續稱 说 說 说道 說道 告诉 告訴 "
    "表态 表態 认为 認為 声明 聲明 指 报道 報導 報道 澄清 回击 回擊 解释 解釋 承认 承認 承诺 "
    "承諾 暗示 控诉 控訴 形容 直指 痛批 呛 嗆 撰文 扬言 揚言 回复 回覆 答复 答覆 提及 要求"
)
#: verbs that report speech only before the clause they report: "通告要求，…" (要求 is also "a request")
CLAUSE_VERBS = frozenset("要求".split())
#: verbs whose subject may be left out: "还表示", "并指出"
DROPPABLE = frozenset(
    "表示 指出 强调 強調 称 稱 重申 补充 補充 认为 認為 透露 坦言 直言 说 說 续称 續稱".split()
)
#: "发布…声明", "發表…言論": speech when the message is described by what it does
OBJECT_VERBS = _words("发布 發佈 發布 发表 發表 发出 發出 公布 公佈")
MESSAGES = _words(
    "声明 聲明 谈话 談話 讲话 講話 言论 言論 文章 公告 通报 通報 公报 公報 新闻稿 新聞稿 "
    "报告 報告 评论 評論 回应 回應 驳斥 駁斥 通告"
)
#: what a statement does, when the sentence says so: "发布驳斥…的声明"
CONTENT = _words(
    "驳斥 駁斥 反驳 反駁 批驳 批駁 谴责 譴責 批评 批評 否认 否認 回应 回應 反对 反對 抗议 "
    "抗議 呼吁 呼籲 敦促 指责 指責 澄清 抨击 抨擊 拒绝 拒絕 支持 欢迎 歡迎"
)
#: "据新华社报道", "據《華爾街日報》披露": the source between 据 and one of these
ACCORDING_TAILS = _words(
    "报道 報導 報道 披露 消息 称 稱 介绍 介紹 透露 表示 指出 援引 引述 说 說 声明 聲明 "
    "发布 發佈 公布 公佈 报告 報告"
)
#: compounds that hold a verb's character without reporting speech
NOT_SPEECH = _words(
    "说法 說法 说明书 說明書 小说 小說 听说 聽說 据说 據說 来说 來說 是说 是說 可以说 可以說 "
    "再说 再說 虽说 雖說 演说 演說 游说 遊說 说服 說服 传说 傳說 称为 稱為 称作 稱作 称之 "
    "稱之 名称 名稱 简称 簡稱 堪称 堪稱 对称 對稱 称号 稱號 职称 職稱 据称 據稱 "
    "俗称 俗稱 又称 又稱 亦称 亦稱 统称 統稱 通称 通稱 被称 被稱 称赞 稱讚 指数 指數 指标 "
    "指標 指导 指導 指挥 指揮 指定 指南 指引 手指 指令 指示 指向 所指 意指 是指"
)
#: titles: the head of a role, before a name (外交部发言人毛宁) or after it (习近平主席)
TITLES = _words(
    "新闻发言人 新聞發言人 发言人 發言人 总统当选人 總統當選人 当选总统 當選總統 候任总统 候任總統 "
    "总统 總統 副总统 副總統 主席 副主席 总理 總理 副总理 副總理 首相 部长 "
    "部長 副部长 副部長 外长 外長 大使 公使 参赞 參贊 总领事 總領事 领事 領事 官员 官員 高官 "
    "记者 記者 司长 司長 局长 局長 署长 署長 主任 秘书长 秘書長 国务卿 國務卿 参议员 參議員 "
    "众议员 眾議員 议员 議員 专家 專家 学者 學者 教授 负责人 負責人 代表 特使 总督 總督 州长 "
    "州長 市长 市長 领导人 領導人 人士 首脑 首腦 国王 國王 检察长 檢察長 顾问 顧問 委员 委員 "
    "大臣 总裁 總裁 董事长 董事長 研究员 研究員 分析师 分析師 主持人 法官 将军 將軍 司令 "
    "指挥官 指揮官 主管 沙皇 议长 議長 党魁 黨魁 书记 書記 总书记 總書記"
)
#: titles that name anyone of a kind: "专家认为" is experts, not the last speaker
GENERIC_TITLES = frozenset(
    "专家 專家 学者 學者 人士 官员 官員 记者 記者 分析师 分析師 研究员 研究員 代表 委员 委員 "
    "议员 議員 顾问 顧問 高官 教授".split()
)
#: titles that speak for a body: unnamed, "发言人" is the body just heard
SPOKESPEOPLE = frozenset("发言人 發言人 新闻发言人 新聞發言人 负责人 負責人 官员 官員 代表".split())
#: heads of bodies, by the end of their name
ORG_HEADS = _words(
    "大使馆 大使館 使馆 使館 总领事馆 總領事館 领事馆 領事館 外交部 商务部 商務部 国防部 國防部 "
    "公安部 财政部 財政部 国务院 國務院 白宫 白宮 国会 國會 政府 委员会 委員會 办公室 辦公室 "
    "办公厅 辦公廳 部 署 局 厅 廳 新闻社 新聞社 通讯社 通訊社 社 日报 日報 时报 時報 晚报 "
    "晚報 报 報 新闻网 新聞網 网 網 电视台 電視台 银行 銀行 公司 集团 集團 大学 大學 研究院 "
    "研究所 中心 协会 協會 联合会 聯合會 组织 組織 机构 機構 当局 當局 议会 議會 法院 "
    "检察院 檢察院 警方 海关 海關 联合国 聯合國 使团 使團 代表团 代表團 党 黨"
)
#: what a body posts through, cut from its name: "中國駐墨西哥大使館微信公眾號"
CHANNELS = _words(
    "微信公众号 微信公眾號 公众号 公眾號 官方网站 官方網站 官网 官網 网站 網站 社交媒体 "
    "社交媒體 社交平台 社交平臺 账号 賬號 帳號 推特 脸书 臉書 微博"
)
#: a message speaking for its sender: "声明称", "外交部声明指出"
MESSAGE_HEADS = _words(
    "声明 聲明 公报 公報 通报 通報 报道 報導 報道 文章 社论 社論 新闻稿 新聞稿 报告 報告 公告 "
    "谈话 談話 讲话 講話 通告"
)
#: countries, their sides and capitals → code
COUNTRIES = {
    "中国": "china", "中國": "china", "中方": "china", "我国": "china", "我國": "china",
    "北京": "china", "美国": "us", "美國": "us", "美方": "us", "华盛顿": "us", "華盛頓": "us",
    "华府": "us", "華府": "us",
    "墨西哥": "mexico", "墨方": "mexico", "加拿大": "canada", "加方": "canada",
    "渥太华": "canada", "渥太華": "canada", "日本": "japan", "日方": "japan", "印度": "india",
    "俄罗斯": "russia", "俄羅斯": "russia", "俄方": "russia", "英国": "britain", "英國": "britain",
    "英方": "britain", "欧盟": "eu", "歐盟": "eu", "台湾": "taiwan", "台灣": "taiwan",
}
COUNTRIES |= {
    name: code
    for entry in (
        "peru:秘鲁:祕魯:秘魯 colombia:哥伦比亚:哥倫比亞 chile:智利 argentina:阿根廷 brazil:巴西 "
        "venezuela:委内瑞拉:委內瑞拉 cuba:古巴 ecuador:厄瓜多尔:厄瓜多爾 bolivia:玻利维亚:玻利維亞 "
        "guatemala:危地马拉:瓜地馬拉 korea:韩国:韓國:南韩:南韓 germany:德国:德國 france:法国:法國 "
        "italy:意大利:義大利 spain:西班牙 australia:澳大利亚:澳洲 philippines:菲律宾:菲律賓 "
        "vietnam:越南 thailand:泰国:泰國 pakistan:巴基斯坦 afghanistan:阿富汗 iran:伊朗 "
        "israel:以色列 ukraine:乌克兰:烏克蘭 turkey:土耳其 egypt:埃及 nigeria:尼日利亚:奈及利亞"
    ).split()
    for code, *names in [entry.split(":")]
    for name in names
}
#: one character for a country before 驻 or 方: "美驻墨使馆", "中方"
COUNTRY_CHARS = {"中": "china", "美": "us", "墨": "mexico", "加": "canada", "日": "japan",
                 "俄": "russia", "英": "britain", "华": "china", "華": "china"}
#: how a country is named as a speaker, fullest first
COUNTRY_FORMS = {
    "china": ("中国政府", "中國政府", "中国", "中國", "中方"),
    "us": ("美国政府", "美國政府", "美国", "美國", "美方"),
    "mexico": ("墨西哥政府", "墨西哥", "墨方"),
    "canada": ("加拿大政府", "加拿大", "加方"),
}
PRONOUNS = {"他": "he", "她": "she", "他们": "they", "他們": "they", "她们": "they", "她們": "they"}
#: "该馆", "這位發言人": a phrase that points back
POINTERS = ("该", "該", "这位", "這位", "此")
#: words that end a subject and begin what it did: "在记者会上", "就此", "周三", "还"
MARKERS = _words(
    "在 就 对 對 对于 對於 向 通过 通過 透过 透過 接受 以 同 周一 周二 周三 周四 周五 周六 "
    "周日 週一 週二 週三 週四 週五 週六 週日 星期 日前 近日 当天 當天 当日 當日 今天 昨天 "
    "昨日 今日 同日 也 还 還 则 則 又 再次 再度 进一步 進一步 曾 已 将 將 亦 更 均 都 随后 "
    "隨後 早前 稍早 严正 嚴正 郑重 鄭重 公开 公開 明确 明確 强烈 強烈 首次 当地时间 當地時間 "
    "随即 隨即 并 並 回应时 回應時 答问时 答問時 表态时 表態時 于 於 即 上月 本月 下月 "
    "今年 去年 明年 上周 上週 本周 本週 下周 下週 近期 此前 早些时候 早些時候 今晨 今早 昨晚 "
    "当晚 當晚 明天"
)
#: words that open a clause before its subject: "此外", "同时", "对此"
OPENERS = _words(
    "此外 另外 同时 同時 对此 對此 就此 随后 隨後 其后 其後 但是 但 然而 不过 不過 而 并 並 "
    "此前 目前 近期 日前 近日 当天 當天 当日 當日 今天 昨天 今年 去年 本周 本週 上周 上週"
)
#: characters that never belong to a person's name
FUNCTION_CHARS = frozenset("的是在了有和与與及或这這那也都就不对對将將把被为為以于於而并並但从從向")
#: common surnames: a two- or three-character subject that starts with one is a name
SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮"
    "邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范"
    "金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢"
    "严嚴覃武戴莫孔向汤湯华華耿赖賴习習温溫薄乔喬齐齊应應欧歐聂聶宁寧柳祝岳苗纪紀甘洪包左牛阎閻"
    "辛伍季管裴殷翟庞龐盛童骆駱倪施蓝藍詹单單卜滕焦鲍鮑尚"
)
