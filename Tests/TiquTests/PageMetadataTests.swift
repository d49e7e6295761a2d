import Foundation
import Testing

@testable import Tiqu

/// Page dates and authors found where pages without meta tags say them, on small made-up pages.
@Suite struct PageMetadataTests {
    func record(_ html: String) -> Record { Fixture.record(bytes: Array(html.utf8), name: "page.html") }

    /// A page of the old kind: a nav bar, a list of other articles with their dates, the title, a
    /// date cell under it, the article, a comment with its timestamp, a copyright footer.
    func page(dateline: String, url: String = "", footer: String = "© 2006 版权所有 2006-01-01") -> String {
        let body = (1...4).map { "<p>这是文章的第\($0)段，讲述了街道今年做的各项工作，内容很长很长，足够成为正文的一部分。</p>" }
        return """
            <html><head><title>街道召开年度工作会议_某某网</title>\(url)</head><body>
            <div><a href="/">首页</a> <a href="/a">新闻</a></div>
            <ul><li><a href="/x">另一篇很长的文章标题在这里列出</a>（2005-03-01 10:00）</li></ul>
            <h1>街道召开年度工作会议</h1>
            <table><tr><td>\(dateline)</td></tr></table>
            <div class="content">\(body.joined())</div>
            <div>网友评论：<span>2005-06-09 08:00</span> 说得好</div>
            <div>\(footer)</div></body></html>
            """
    }

    @Test func aDatelineUnderTheTitleIsThePagesDate() {
        #expect(record(page(dateline: "2005-04-05 06:40更新 来源：转载文章")).meta.published == "2005-04-05")
        #expect(record(page(dateline: "AUTO.SITE.COM  2005年05月13日14:15")).meta.published == "2005-05-13")
        #expect(record(page(dateline: "发表于 2004年12月27日 12:40 - (阅读:3727;评论:63)")).meta.published == "2004-12-27")
    }

    @Test func aLineOfProseOrARangeOfDaysIsNoDateline() {
        #expect(record(page(dateline: "（2004年12月11－12日，南开大学）")).meta.published != "2004-12-11")
        #expect(record(page(dateline: "2005年4月5日，街道召开了会议。")).meta.published != "2005-04-05")
    }

    @Test func aMonthAloneCountsWhenNoFullDateIsNear() {
        let html = page(dateline: "——《北京之春》1998年3月号", footer: "")
            .replacingOccurrences(of: "（2005-03-01 10:00）", with: "").replacingOccurrences(
                of: "<span>2005-06-09 08:00</span>", with: "")
        #expect(record(html).meta.published == "1998-03")
    }

    @Test func thePagesOwnAddressGivesItsDateWhenNoDatelineIsUnderTheTitle() {
        let canonical = #"<link rel="canonical" href="http://news.example.cn/world/2019-12/10/c_1125327450.htm">"#
        #expect(record(page(dateline: "来源：某某网", url: canonical)).meta.published == "2019-12-10")
        #expect(record(page(dateline: "2019-12-09 来源：某某网", url: canonical)).meta.published == "2019-12-09")
    }

    @Test(arguments: [
        ("http://a.cn/world/2019-12/10/c_1125327450.htm", "2019-12-10"),
        ("http://business.sohu.com/20040716/n221031086.shtml", "2004-07-16"),
        ("http://blog.x.com/u/archive/2004/12/27/41810.aspx", "2004-12-27"),
        ("http://www.x.gov.cn/xwzx/202101/t20210106_47506.html", "2021-01-06"),
        ("https://www.x.com/a/2019/1210/abc.html", "2019-12-10"),
    ])
    func datesInAddresses(url: String, date: String) {
        #expect(PageDates.inURL(url) == date)
    }

    @Test(arguments: [
        "http://cn.news.x.com/050405/264/2allv.html", "http://20191210.x.com/a/b.html",
        "http://x.com/article?id=20191210", "http://x.com/p/123456789012/",
    ])
    func addressesWithoutDates(url: String) {
        #expect(PageDates.inURL(url) == nil)
    }

    @Test func fullDatesInALine() {
        #expect(PageDates.fullDates(in: "时间：2004年10月21日14:18 作者：某人") == ["2004-10-21"])
        #expect(PageDates.fullDates(in: "发布时间 2005/05/17 22:11:42 by 某人") == ["2005-05-17"])
        #expect(PageDates.fullDates(in: "编号12005-01-02与2005-13-01") == [])
        #expect(PageDates.fullDates(in: "2005-1/2") == [])
    }

    @Test(arguments: [
        ("郭励弘 \t我来说两句(0", "郭励弘"), ("赵 培：北京物资学院，北京", "赵培"), ("王一 李二", "王一 李二"),
        ("Joel Spolsky", "Joel Spolsky"),
    ])
    func authorsTrimmedToTheName(raw: String, name: String) {
        #expect(PersonName.cleaned(raw) == name)
    }

    @Test(arguments: [
        #"size="20""#, "L_104485", "51offer.com", "http://blog.example.cn/u", "首先欢迎你来到本网，请问你怎样看待农业税补贴问题？",
        "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某",
    ])
    func valuesThatAreNoName(raw: String) {
        #expect(PersonName.cleaned(raw) == nil)
    }

    /// An essay whose article container opens with `lines` (a name line sits inside the article;
    /// one outside it, in the page's frame, is not taken).
    func essay(_ lines: [String], meta: String = "") -> String {
        let body = (1...4).map { "<p>这是文章的第\($0)段，讲述了街道今年做的各项工作，内容很长很长，足够成为正文的一部分。</p>" }
        return """
            <html><head><title>城市的记忆_某某网</title>\(meta)</head><body>
            <div><a href="/">首页</a> <a href="/a">新闻</a></div><h1>城市的记忆</h1>
            <div>\(lines.map { "<p>\($0)</p>" }.joined())\(body.joined())</div>
            <div>© 2006 某某网 版权所有</div></body></html>
            """
    }

    @Test func aNameOnItsOwnLineUnderTheTitleIsTheAuthor() {
        #expect(record(essay(["林小山"])).meta.author == "林小山")
        #expect(record(essay(["王一、李二"])).meta.author == "王一、李二")
        #expect(record(essay(["学习目的"])).meta.author == nil)
        #expect(record(essay(["<b>前言</b>"])).meta.author == nil)
        #expect(record(essay(["<a href=\"/share\">分享</a>"])).meta.author == nil)
    }

    @Test func aSignatureInBracketsClosingTheArticleIsTheAuthor() {
        let signed = essay([]).replacingOccurrences(of: "第4段，", with: "第4段，").replacingOccurrences(
            of: "一部分。</p></div>", with: "一部分。（本报记者 林小山 北京报道）</p></div>")
        #expect(record(signed).meta.author == "林小山")
        let unsigned = essay([]).replacingOccurrences(of: "一部分。</p></div>", with: "一部分。（未完待续）</p></div>")
        #expect(record(unsigned).meta.author == nil)
    }

    @Test func anAuthorTagTheSiteWroteIsNoAuthor() {
        #expect(record(essay([], meta: #"<meta name="author" content="Some CMS Team">"#)).meta.author == nil)
        #expect(record(essay(["作者：林小山"], meta: #"<meta name="author" content="某某网络">"#)).meta.author == "林小山")
    }

    /// A text scrape without a byline names its writer in a reporter's credit the repairs take out
    /// of the body, else in a bracketed signature closing the article; a byline still wins.
    @Test func aTextScrapesCreditOrSignatureIsTheAuthor() {
        func scrape(_ lines: [String]) -> Record {
            Fixture.record(bytes: Array(lines.joined(separator: "\n").utf8), name: "page.txt")
        }
        let story = "街道召开了年度工作会议，总结了一年来的各项工作，部署了明年的重点任务。"
        let credited = scrape(["本报讯 (记者 林小山) 昨日，" + story, story])
        #expect(credited.meta.author == "林小山")
        #expect(credited.text.hasPrefix("本报讯 昨日，"))
        #expect(scrape([story, story + "（周海 王一鸣）"]).meta.author == "周海 王一鸣")
        #expect(scrape([story, story + "（未完待续）"]).meta.author == nil)
        #expect(scrape(["作者：陈小文", "(通讯员:林小山)" + story, story]).meta.author == "陈小文")
    }

    /// A text scrape that opens with a list of the day's other headlines: the list is chrome, the
    /// title is the headline standing alone above the byline, a Taiwan masthead date in the
    /// Republic's years is the page's date, and a marked name (☉) is the author.
    @Test func aListOfHeadlinesAboveTheArticleIsChrome() {
        let lines = [
            "首頁 社論 評論 地方新聞", "中華民國113年5月6日星期一", "",
            "河口鎮的老街換新顏?", "山灣村的茶園迎來採摘季!", "讀書會十年記", "",
            "河口鎮的老街換新顏?", "", "☉林小山", "",
            "河口鎮的老街經過一年的整修，石板路、騎樓和老招牌都回來了，假日的遊客比去年多了三成。",
            "鎮公所表示，明年還會整修沿河的步道，讓居民散步更方便。",
        ]
        let r = Fixture.record(bytes: Array(lines.joined(separator: "\n").utf8), name: "page.txt")
        #expect(r.meta.title == "河口鎮的老街換新顏?")
        #expect(r.meta.published == "2024-05-06")
        #expect(r.meta.author == "林小山")
        #expect(!r.text.contains("茶園") && !r.text.contains("讀書會") && r.text.hasPrefix("河口鎮的老街換新顏?\n河口鎮的老街經過"))
        #expect(r.dropped.filter { $0.rule == "text/headline-list" }.count >= 2)
    }
}
