import Foundation
import Testing

@testable import Tiqu

/// Which article a page's text comes from when it holds more than one: the page's title names its
/// own, a page of posts gives its first, a numbered section is part of the same article, and text
/// collapsed behind an expand button is body.
@Suite struct ArticleChoiceTests {
    static func page(head: String = "", _ body: String) -> Record {
        let html = "<html><head><meta charset=\"utf-8\">\(head)</head><body>\(body)</body></html>"
        return Fixture.record(bytes: Array(html.utf8), name: "page.html")
    }

    static func paragraphs(_ sentence: String, _ count: Int) -> String {
        (1...count).map { "<p>第\($0)段：\(sentence)，我们在这里写下足够长的句子，让它像一篇文章的正文。</p>" }.joined()
    }

    @Test func theTitleNamesTheShortStoryAboveARecommendedArticle() {
        let r = Self.page(
            head: "<title>河口镇新建三座污水处理站_河口新闻网</title>",
            """
            <div class="main"><h1>河口镇新建三座污水处理站</h1>
            <div class="info">2024-05-06 来源：河口新闻网</div>
            <div class="text"><p>记者从河口镇获悉，全镇今年新建三座污水处理站，日处理能力共计1.2万吨，覆盖沿河八个村。</p></div>
            <div class="recommend-article"><h2>山湾村的茶园迎来采摘季</h2><div class="info">记者 王小明</div>
            <div class="text">\(Self.paragraphs("山湾村的茶农正忙着采摘春茶", 20))</div></div></div>
            """)
        #expect(r.text.contains("日处理能力共计1.2万吨"))
        #expect(!r.text.contains("山湾村的茶农"))
        #expect(r.warnings.contains { $0.contains("under the page's title") })
    }

    @Test func aPageOfPostsGivesTheFirstPost() {
        func post(_ title: String, _ body: String) -> String {
            "<table><tr><td class=\"post-title\">\(title)</td></tr><tr><td class=\"post-body\">\(body)</td></tr></table>"
        }
        let r = Self.page(
            head: "<title>小雨的博客</title>",
            post("周末去了湿地公园", "<p>周末带着孩子去了湿地公园，看到了成群的白鹭在浅滩上觅食，孩子高兴得一直在拍照。</p>")
                + post("读书笔记", Self.paragraphs("这本书讲的是一个小镇上几代人的故事", 8))
                + post("旧照片", "<p>翻出了十年前的旧照片，那时候的街道还很窄，路边都是低矮的平房。</p>"))
        #expect(r.text.contains("成群的白鹭"))
        #expect(!r.text.contains("几代人的故事"))
        #expect(r.warnings.contains { $0.contains("first of the page's posts") })
    }

    /// Two articles of about the same length under their own headings, and a title that names
    /// neither: the longer one is kept, and the record says the call was close.
    @Test func twoArticlesScoringCloseAreWarnedAbout() {
        let r = Self.page(
            head: "<title>专题报道_河口新闻网</title>",
            """
            <div class="box1"><h2>河口镇新建三座污水处理站</h2>
            <div class="wen1">\(Self.paragraphs("河口镇今年新建三座污水处理站", 10))</div></div>
            <div class="box2"><h2>山湾村的茶园迎来采摘季</h2>
            <div class="wen2">\(Self.paragraphs("山湾村的茶农正忙着采摘春茶", 9))</div></div>
            """)
        #expect(r.text.contains("河口镇今年新建三座污水处理站") && !r.text.contains("山湾村的茶农"))
        #expect(r.warnings.contains { $0.hasPrefix("two articles score close") && $0.contains("山湾村的茶园迎来采摘季") })
    }

    @Test func numberedSectionsBelongToTheTitledArticle() {
        let r = Self.page(
            head: "<title>乡村物流配送的问题与对策</title>",
            """
            <div class="paper"><h1>乡村物流配送的问题与对策</h1>
            <div class="abstract"><p>摘要：本文分析了乡村物流配送的现状，指出成本高、时效差两个问题，并提出对策。</p></div>
            <h2>1. 乡村物流概述</h2><div class="chapter">\(Self.paragraphs("乡村物流的网点分散，运输距离长", 12))</div></div>
            """)
        #expect(r.text.contains("乡村物流的网点分散"))
        #expect(!r.warnings.contains { $0.hasPrefix("article:") })
    }

    @Test func textCollapsedBehindAnExpandButtonIsBody() {
        let r = Self.page(
            """
            <div class="article-content">\(Self.paragraphs("社区今年新增了两处养老服务站", 4))
            <div class="hidden-content">\(Self.paragraphs("服务站每天为老人提供午餐和健康检查", 4))</div>
            <a class="unfold-btn">展开全文</a></div>
            """)
        #expect(r.text.contains("社区今年新增了两处养老服务站"))
        #expect(r.text.contains("服务站每天为老人提供午餐和健康检查"))
    }

    @Test(arguments: ["1. 概述", "一、背景", "（二）主要做法", "第三章 结论", "2．现状"])
    func sectionHeadings(_ text: String) {
        #expect(ArticleSearch.isSectionHeading(text))
    }

    @Test(arguments: ["山湾村的茶园迎来采摘季", "2024年工作总结", "十年前的旧照片"])
    func notSectionHeadings(_ text: String) {
        #expect(!ArticleSearch.isSectionHeading(text))
    }
}
