import Foundation
import Library

/// The load report: files skipped and why, and notes on files loaded with caveats.
enum ReportView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        let skipped = state.corpus.issues.filter { $0.severity == .skipped }
        let notes = state.corpus.issues.filter { $0.severity == .note }
        var out: [(String, Style)] = [("", .normal)]
        out.append(("Skipped (\(formatCount(skipped.count)))", .header))
        if skipped.isEmpty { out.append(("  none", .dim)) }
        for issue in skipped { out.append(("  " + issue.description, .normal)) }
        out.append(("", .normal))
        out.append(("Loaded with notes (\(formatCount(notes.count)))", .header))
        if notes.isEmpty { out.append(("  none", .dim)) }
        for issue in notes { out.append(("  " + issue.description, .normal)) }
        return out
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        PagerView.draw(state, into: &grid, title: " reader — loading report", lines: lines(state), pager: state.report,
                       status: state.pagerHints)
    }
}

