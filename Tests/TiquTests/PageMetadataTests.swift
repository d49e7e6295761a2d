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
}
