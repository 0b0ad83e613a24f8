/// Removes tags from a fragment of HTML (an HTML block in Markdown), keeping its text.
enum HTMLText {
    static func strippingTags(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        var inTag = false
        var inComment = false
        let s = Array(html.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if inComment {
                if c == "-" && i + 2 < s.count && s[i + 1] == "-" && s[i + 2] == ">" { inComment = false; i += 3; continue }
            } else if inTag {
                if c == ">" { inTag = false }
            } else if c == "<" {
                if i + 3 < s.count && s[i + 1] == "!" && s[i + 2] == "-" && s[i + 3] == "-" { inComment = true; i += 4; continue }
                inTag = true
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }
}
