import Library

/// The styles an article's text is drawn in: ranges of the text (never screen cells, so they
/// survive resizes and page turns) in layers, the first layer added winning where they overlap.
///
/// Each layer's ranges are sorted and do not overlap. Drawing a line calls `start(at:)` with the
/// line's first offset (a binary search per layer), then `style(at:)` for each piece in text
/// order, which only walks forward.
struct Highlights {
    private struct Layer {
        let count: Int
        let range: (Int) -> Range<Int>
        let style: (Int) -> Style
        /// The first range that may still cover the next offset asked about.
        var next = 0
    }

    private var layers: [Layer] = []

    /// An open article's highlights, by priority: a flash (a bookmark just jumped to), the
    /// selected name, the current match, the matches (each query word in its colour), the names.
    /// Sanitiser markers and plain text come below all of them (the caller's default).
    init(_ reading: ReadingState) {
        add(reading.flash, .selected)
        add(reading.selectedRange, .personSelected)
        add(reading.search?.currentRange, .currentMatch)
        if let matches = reading.search?.matches {
            add(count: matches.count, range: { matches[$0].range }, style: { .match(matches[$0].term) })
        }
        let mentions = reading.mentions
        add(count: mentions.count, range: { mentions[$0].range }, style: { _ in .person })
        // The headline and byline, shown in the header already.
        add(0..<reading.bodyStart, .dim)
    }

    /// Adds a layer below the others: `count` ranges, sorted, not overlapping.
    mutating func add(count: Int, range: @escaping (Int) -> Range<Int>, style: @escaping (Int) -> Style) {
        guard count > 0 else { return }
        layers.append(Layer(count: count, range: range, style: style))
    }

    /// Adds a layer of one range (if there is one).
    mutating func add(_ range: Range<Int>?, _ style: Style) {
        guard let range, !range.isEmpty else { return }
        add(count: 1, range: { _ in range }, style: { _ in style })
    }

    /// Gets ready to be asked about offsets from `offset` on (the start of a line).
    mutating func start(at offset: Int) {
        for k in layers.indices {
            let layer = layers[k]
            layers[k].next = (0..<layer.count).partitioningIndex { layer.range($0).upperBound > offset }
        }
    }

    /// The style of the highest layer covering `offset`, if any covers it. Offsets asked about
    /// after `start(at:)` must not decrease.
    mutating func style(at offset: Int) -> Style? {
        for k in layers.indices {
            var next = layers[k].next
            let layer = layers[k]
            while next < layer.count && layer.range(next).upperBound <= offset { next += 1 }
            layers[k].next = next
            if next < layer.count && layer.range(next).contains(offset) { return layer.style(next) }
        }
        return nil
    }
}
