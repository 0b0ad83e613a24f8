import Foundation
import Library

/// The load report: the settings file's problems, files skipped and why, and notes on files
/// loaded with caveats.
enum ReportView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        let skipped = state.corpus.issues.filter { $0.severity == .skipped }
        let notes = state.corpus.issues.filter { $0.severity == .note }
        var out: [(String, Style)] = [("", .normal)]
        // Wrapped, never cut: the reason comes after the path, at the end of the line.
        let width = max(10, state.size.columns - 5)
        func add(_ text: String) {
            for (k, line) in HelpView.wrap(text, width: width).enumerated() { out.append(((k == 0 ? "  " : "    ") + line, .normal)) }
        }
        if let file = state.settingsProblems.first?.path {
            out.append(("Settings file \(file): \(counted(state.settingsProblems.count, "problem")), so the defaults are used", .header))
            for problem in state.settingsProblems { add(problem.line.map { "line \($0): " + problem.problem } ?? problem.problem) }
            out.append(("", .normal))
        }
        out.append(("Skipped (\(formatCount(skipped.count)))", .header))
        if skipped.isEmpty { out.append(("  none", .dim)) }
        for issue in skipped { add(issue.description) }
        out.append(("", .normal))
        out.append(("Loaded with notes (\(formatCount(notes.count)))", .header))
        if notes.isEmpty { out.append(("  none", .dim)) }
        for issue in notes { add(issue.description) }
        return out
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        PagerView.draw(state, into: &grid, title: " reader — loading report", lines: lines(state), pager: state.report,
                       status: state.pagerHints)
    }
}

