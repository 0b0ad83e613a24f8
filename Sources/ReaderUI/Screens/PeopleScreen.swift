import Foundation
import Library

/// The people panel: everyone the corpus mentions, most mentioned first, filterable.
public typealias PeopleListState = FilteredListState

extension AppState {
    /// People shown in the panel, in order.
    public var visiblePeople: [Int] {
        let query = peopleList.filter.trimmingCharacters(in: .whitespaces)
        return query.isEmpty ? Array(people.people.indices) : people.people(matching: query)
    }

    mutating func showPeople() {
        // With a name selected in the article, start on that person.
        if screen == .article, let person = reading?.selectedPerson {
            peopleList.filter = ""
            peopleList.selection = visiblePeople.firstIndex(of: person) ?? 0
        }
        show(.people)
        clampPeopleList()
    }

    mutating func clampPeopleList() {
        peopleList.clamp(total: visiblePeople.count, rows: max(1, size.rows - 2))
    }

    var selectedPersonInPanel: Int? { peopleList.selected(in: visiblePeople) }

    mutating func applyPeople(_ action: Action, count: Int?) -> [Effect] {
        switch action {
        case .back: goBack()
        case .filter: prompt = Prompt(kind: .peopleFilter, text: peopleList.filter)
        case .open:
            if let person = selectedPersonInPanel { return openConcordance(person) }
        case .filterByPerson:
            if let person = selectedPersonInPanel { filterList(byPerson: person) }
        default:
            peopleList.move(action, count: count, rows: max(1, size.rows - 2), total: visiblePeople.count)
        }
        clampPeopleList()
        return []
    }

    /// The article list, narrowed to the articles that mention a person.
    mutating func filterList(byPerson person: Int) {
        setListFilter(ListFilter.personQuery(people.people[person].name))
        show(.list)
    }

}

/// Draws the people panel.
enum PeopleView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let width = state.size.columns
        let visible = state.visiblePeople
        grid.fill(row: 0, style: .header)
        var header = " People  \(formatCount(state.people.people.count))"
        // While the people are being found, "none matching" would be wrong (the line below says so).
        if !state.peopleList.filter.isEmpty && state.indexing == nil { header += "  (\(formatCount(visible.count, "person", "people")) matching “\(state.peopleList.filter)”)" }
        grid.put(header, row: 0, column: 0, style: .header)
        let countsWidth = 24
        if width > countsWidth + 12 {
            grid.put("mentions  articles", row: 0, column: width - 1 - 18, style: .header)
        }
        if let progress = state.indexing {
            grid.put("  Finding the people in \(counted(progress.total, "article"))… \(progress.done * 100 / max(1, progress.total))%",
                     row: 2, column: 0, style: .dim)
        } else if visible.isEmpty {
            grid.put(state.people.people.isEmpty ? "  No people found in these articles." : "  Nobody matches.", row: 2, column: 0, style: .dim)
        }
        let rows = max(1, state.size.rows - 2)
        for r in 0..<rows {
            let i = state.peopleList.top + r
            guard i < visible.count else { break }
            let person = state.people.people[visible[i]]
            let row = 1 + r
            let selected = i == state.peopleList.selection
            if selected { grid.fill(row: row, style: .selected) }
            let nameEnd = grid.put(person.name, row: row, column: 1, style: selected ? .selected : .person,
                                   limit: max(1, width - 2 - (width > countsWidth + 12 ? countsWidth : 0)))
            let others = person.aliases.filter { $0 != person.name }
            if !others.isEmpty, width > countsWidth + 30 {
                grid.put("  " + others.joined(separator: ", "), row: row, column: nameEnd, style: selected ? .selected : .dim,
                         limit: max(0, width - nameEnd - countsWidth - 2))
            }
            if width > countsWidth + 12 {
                let counts = pad(formatCount(person.mentionCount), 8) + pad(formatCount(person.articleCount), 10)
                grid.put(counts, row: row, column: width - 1 - counts.count, style: selected ? .selected : .normal)
            }
        }
        StatusLine.draw(state, into: &grid, left: visible.isEmpty ? "" : " \(formatCount(state.peopleList.selection + 1))/\(formatCount(visible.count))",
                        right: state.hints([(.open, .enter, "mentions"), (.filterByPerson, .char("f"), "their articles"),
                                           (.filter, .char("/"), "filter"), (.back, .char("q"), "back")], in: .people))
    }

    static func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}

