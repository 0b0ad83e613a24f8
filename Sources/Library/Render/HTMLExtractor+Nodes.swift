import CXML2

/// libxml2's nodes: names, attributes, a walk that drops what is not the article, plain text.
extension HTMLExtractor {

    static func name(_ node: xmlNodePtr) -> String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: n).lowercased()
    }

    static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var a = node.pointee.properties
        while let attr = a {
            if let n = attr.pointee.name, String(cString: n).lowercased() == wanted {
                var value = ""
                var child = attr.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            a = attr.pointee.next
        }
        return nil
    }

    static func isElement(_ node: xmlNodePtr) -> Bool { node.pointee.type == XML_ELEMENT_NODE }
    static func isText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }

    static func isDropped(_ node: xmlNodePtr) -> Bool {
        let n = name(node)
        if dropped.contains(n) { return true }
        if attribute(node, "hidden") != nil || attribute(node, "aria-hidden") == "true" { return true }
        if let role = attribute(node, "role"), ["navigation", "banner", "contentinfo", "complementary"].contains(role) { return true }
        return false
    }

    /// Every node under `root` in document order, with a flag for leaving an element; dropped
    /// elements are not entered (when `dropping`). Iterative: 10,000 nested divs use no stack.
    static func walk(_ root: xmlNodePtr, dropping: Bool = true, _ body: (xmlNodePtr, Bool) -> Void) {
        var node: xmlNodePtr? = root
        while let n = node {
            var descend = false
            if isElement(n) {
                if !(dropping && n != root && isDropped(n)) {
                    body(n, true)
                    descend = n.pointee.children != nil
                    if !descend { body(n, false) }
                }
            } else {
                body(n, true)
            }
            if descend { node = n.pointee.children; continue }
            // Up until there is a next sibling, leaving each element on the way.
            var up: xmlNodePtr? = n
            node = nil
            while let u = up, u != root {
                if let next = u.pointee.next { node = next; break }
                up = u.pointee.parent
                if let p = up, isElement(p) { body(p, false) }
            }
        }
    }

    /// Characters saved pages carry that mean nothing to a reader of the text: soft hyphens, zero
    /// width spaces, direction marks and U+FEFF (a zero width no-break space inside a page). The
    /// extracted text and the metadata leave them out (plain-text articles keep them, drawn as
    /// markers by the sanitiser).
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// A string without the invisible characters.
    static func visible(_ string: String) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: string.unicodeScalars.lazy.filter { !isInvisible($0) })
        return String(v)
    }

    /// The text under a node, whitespace collapsed, invisible characters left out.
    static func plainText(_ node: xmlNodePtr, limit: Int = 400) -> String {
        var out = ""
        walk(node) { n, entering in
            guard entering, isText(n), out.count < limit, let c = n.pointee.content else { return }
            out += visible(String(cString: c)) + " "
        }
        return out.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
