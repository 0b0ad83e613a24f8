import CXML2

/// A page's metadata (title, author, date) and its main content.
extension HTMLExtractor {

    mutating func run(_ doc: htmlDocPtr) {
        guard let root = xmlDocGetRootElement(doc) else { return }
        readMetadata(root)
        render(mainContent(root))
    }

    mutating func readMetadata(_ root: xmlNodePtr) {
        var ogTitle: String?, titleTag: String?, h1: String?, byline: String?, time: String?, published: String?
        HTMLExtractor.walk(root, dropping: false) { n, entering in
            guard entering, HTMLExtractor.isElement(n) else { return }
            let name = HTMLExtractor.name(n)
            switch name {
            case "meta":
                let key = (HTMLExtractor.attribute(n, "property") ?? HTMLExtractor.attribute(n, "name")
                    ?? HTMLExtractor.attribute(n, "itemprop") ?? "").lowercased()
                guard let content = HTMLExtractor.attribute(n, "content").map(HTMLExtractor.visible)?.trimmingCharacters(in: [" ", "\n", "\t", "\r"]),
                      !content.isEmpty else { return }
                switch key {
                case "og:title": if ogTitle == nil { ogTitle = content }
                case "author", "article:author", "byl", "dc.creator":
                    if author == nil && !content.hasPrefix("http") { author = content }
                case "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.created",
                     "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date":
                    if published == nil && ArticleDate(parsing: content) != nil { published = content }
                default: break
                }
            case "title": if titleTag == nil { titleTag = HTMLExtractor.plainText(n) }
            case "h1": if h1 == nil { h1 = HTMLExtractor.plainText(n) }
            case "time":
                // The first that reads as a date (a `<time>` may hold "3 hours ago").
                let value = HTMLExtractor.attribute(n, "datetime") ?? HTMLExtractor.plainText(n, limit: 80)
                if time == nil && ArticleDate(parsing: value) != nil { time = value }
            default:
                if byline == nil {
                    let cls = (HTMLExtractor.attribute(n, "class") ?? "").lowercased()
                    let rel = HTMLExtractor.attribute(n, "rel") ?? ""
                    let itemprop = HTMLExtractor.attribute(n, "itemprop") ?? ""
                    if rel == "author" || itemprop == "author" || cls.contains("byline") || cls.split(separator: " ").contains("author") {
                        var b = HTMLExtractor.plainText(n, limit: 120)
                        for prefix in ["By ", "by ", "BY "] where b.hasPrefix(prefix) { b = String(b.dropFirst(prefix.count)) }
                        if !b.isEmpty && b.count <= 80 { byline = b }
                    }
                }
            }
        }
        title = [ogTitle, titleTag.map { HTMLExtractor.withoutSiteName($0, headline: h1) }, h1].compactMap { $0 }.first { !$0.isEmpty }
        if author == nil { author = byline }
        date = published ?? time
    }

    /// A `<title>` that is the page's headline (its first `<h1>`) with the site's name added
    /// before or after a separator ("Headline | The Gazette", "The Gazette - Headline") gives
    /// the headline; any other title is kept whole.
    static func withoutSiteName(_ title: String, headline: String?) -> String {
        guard let headline, !headline.isEmpty, title.count > headline.count else { return title }
        for separator in [" | ", " - ", " – ", " — ", " · ", " • ", " :: ", " / ", " « ", " » "]
        where title.hasPrefix(headline + separator) || title.hasSuffix(separator + headline) {
            return headline
        }
        return title
    }

    /// `<article>` (the one with the most text), else `<main>`, else the element whose
    /// paragraphs hold the most text, else the body.
    func mainContent(_ root: xmlNodePtr) -> xmlNodePtr {
        var articles: [xmlNodePtr] = []
        var main: xmlNodePtr?
        var body: xmlNodePtr?
        var scores: [xmlNodePtr: Int] = [:]
        HTMLExtractor.walk(root) { n, entering in
            guard entering, HTMLExtractor.isElement(n) else { return }
            switch HTMLExtractor.name(n) {
            case "article": articles.append(n)
            case "main": if main == nil { main = n }
            case "body": body = n
            case "p", "pre", "blockquote":
                let length = HTMLExtractor.plainText(n, limit: 2000).count
                if let parent = n.pointee.parent {
                    scores[parent, default: 0] += length
                    if let grand = parent.pointee.parent { scores[grand, default: 0] += length / 2 }
                }
            default:
                if HTMLExtractor.attribute(n, "role") == "main", main == nil { main = n }
            }
        }
        if let best = articles.max(by: { HTMLExtractor.plainText($0, limit: 100_000).count < HTMLExtractor.plainText($1, limit: 100_000).count }) {
            return best
        }
        if let main { return main }
        if let (best, score) = scores.max(by: { $0.value < $1.value }), score >= 200 { return best }
        return body ?? root
    }
}
