import Library

extension AppState {
    /// Carries out an action. Returns the side effects for the runner (saving a position).
    @discardableResult
    public mutating func apply(_ action: Action) -> [Effect] {
        if case .indexesReady(let ready) = action {
            catalogReady(ready.catalog)
            refreshListFilter()
            // What waited for the people index (Tab, `]` while it was building) happens now.
            if let waiting = waitingForIndexes {
                waitingForIndexes = nil
                return apply(waiting)
            }
            return []
        }
        if case .corpusRefreshed(let fresh) = action {
            replaceCorpus(fresh.catalog)
            refreshListFilter()
            return []
        }
        if case .wordsCounted(let counts) = action {
            wordsCounted(counts)
            return []
        }
        if case .listCounted(let counted) = action {
            listCounted(counted.catalog.corpus)
            return []
        }
        if case .digit(let d) = action, prompt == nil {
            count = min((count ?? 0) * 10 + d, 10_000_000)
            return []
        }
        let repeatCount = count
        count = nil
        switch action {
        case .resize(let newSize):
            size = newSize
            relayout()
            // The mentions page (shown, or below) makes its lines again for the new width.
            return concordance != nil && (screen == .concordance || navigation.stack.contains(.concordance)) ? clampConcordance() : []
        case .unbound:
            return []
        case .dismissAlert:
            alert = nil
            message = nil
            return []
        case .notify(let said):
            message = said
            return []
        case .bookmarksChanged(let all, let status):
            bookmarksChanged(all, status: status)
            return []
        case .articleLoaded(let index, let result, let arrival):
            return articleLoaded(index, result, arrival)
        case .contextsLoaded(let person, let contexts):
            contextsLoaded(person: person, contexts)
            return []
        case .bookmarkArticleFound(let bookmark, let index):
            return bookmarkArticleFound(bookmark, index)
        default: break
        }
        if action != .tick {
            waitingForIndexes = nil
            // Any key but a hop ends a run of hops (one Ctrl-O step for the whole run).
            if ![.nextMention, .previousMention, .nextMatch, .previousMatch].contains(action) { navigation.run = nil }
            message = nil
            reading?.flash = nil
            reading?.shownNote = nil
            if action != .quit && action != .interrupt && !(action == .back && screen == .list) { confirmingQuit = false }
        }

        switch action {
        case .quit:
            return quit()
        case .interrupt, .terminate:
            quitting = true
            return leaveArticle()
        case .note(let edit):
            return applyNote(edit)
        case .showBookmarks:
            if screen == .bookmarks { goBack(); return [] }
            show(.bookmarks)
            clampBookmarkList()
            return []
        case .showPeople:
            if screen == .people { goBack(); return [] }
            showPeople()
            return []
        case .jumpBack:
            return jumpBack()
        case .jumpForward:
            return jumpForward()
        case .redraw:
            return []
        case .tick:
            refreshListFilter()
            return []
        case .indexesReady, .corpusRefreshed:
            return []
        case .help:
            if screen == .help { goBack(); return [] }
            show(.help)
            help = PagerState()
            return []
        case .links where screen == .links:
            goBack()
            return repeatCount.map { showLinks(count: $0) } ?? []
        case .links where screen == .help || screen == .report:
            // Over an article: its links (as help says L does here); else there are none to show.
            guard navigation.stack.last == .article else {
                message = .info("No article is open: " + (key(.links, .char("L"), in: .article) ?? "L") + " in an article lists its links")
                return []
            }
            goBack()
            return showLinks(count: repeatCount)
        case .report:
            if screen == .report { goBack(); return [] }
            show(.report)
            report = PagerState()
            return []
        case .edit(let edit):
            return applyPrompt(edit)
        case .mouse(let event):
            return applyMouse(event)
        default:
            break
        }

        switch screen {
        case .list:
            return applyList(action, count: repeatCount)
        case .article:
            return applyArticle(action, count: repeatCount)
        case .help:
            var pager = help
            applyPager(action, state: &pager, lines: HelpView.lines(self).count)
            help = pager
        case .report:
            var pager = report
            applyPager(action, state: &pager, lines: ReportView.lines(self).count)
            report = pager
        case .links:
            var pager = linksPage
            applyPager(action, state: &pager, lines: LinksView.lines(self).count)
            linksPage = pager
        case .bookmarks:
            return applyBookmarks(action, count: repeatCount)
        case .people:
            return applyPeople(action, count: repeatCount)
        case .concordance:
            return applyConcordance(action, count: repeatCount)
        }
        return []
    }

    /// Quits, asking first while bookmark changes are unsaved (the next quit really quits).
    mutating func quit() -> [Effect] {
        if bookmarkStatus.unsaved > 0 && !confirmingQuit {
            confirmingQuit = true
            let n = bookmarkStatus.unsaved
            message = .error("\(n) bookmark change\(n == 1 ? " is" : "s are") not saved (\(bookmarkStatus.problem ?? "saving failed")): quit again to lose \(n == 1 ? "it" : "them"), any other key to stay")
            return []
        }
        quitting = true
        return leaveArticle()
    }

    /// Whether the note being written differs from what it was (empty, or the bookmark's note).
    var noteChanged: Bool {
        guard let editing = noteEditing else { return false }
        switch editing.target {
        case .new: return !editing.editor.isEmpty
        case .edit(let id): return bookmarks.first(where: { $0.id == id })?.note != editing.editor.text
        }
    }

    mutating func applyPrompt(_ edit: PromptEdit) -> [Effect] {
        guard var p = prompt else { return [] }
        switch edit {
        case .cancel:
            prompt = nil
            if p.kind == .bookmarkFilter {
                bookmarkList.filter = ""
                clampBookmarkList()
            } else if p.kind == .peopleFilter {
                peopleList.filter = ""
                clampPeopleList()
            } else if p.kind == .listFilter {
                clearListFilter()
            }
        case .submit:
            prompt = nil
            return submit(p)
        default:
            p.apply(edit)
            prompt = p
            // Live: lists narrow as you type.
            if p.kind == .bookmarkFilter {
                bookmarkList.filter = p.text
                clampBookmarkList()
            } else if p.kind == .peopleFilter {
                peopleList.filter = p.text
                peopleList.selection = 0
                clampPeopleList()
            } else if p.kind == .listFilter {
                updateListFilter(p.text)
            }
        }
        return []
    }

    mutating func submit(_ p: Prompt) -> [Effect] {
        switch p.kind {
        case .bookmarkFilter:
            bookmarkList.filter = p.text
            clampBookmarkList()
        case .peopleFilter:
            peopleList.filter = p.text
            clampPeopleList()
        case .listFilter:
            submitListFilter(p.text)
        case .search(let forward):
            return startSearch(p.text, forward: forward)
        case .tags(let id):
            return submitTags(p.text, for: id)
        case .goToPage:
            let digits = p.text.filter { !$0.isWhitespace }
            guard let n = Int(digits), n > 0 else {
                message = .error("Not a page number: \(p.text)")
                return []
            }
            goToPage(n)
        }
        return []
    }

    mutating func applyPager(_ action: Action, state pager: inout PagerState, lines: Int) {
        let rows = max(1, size.rows - 2)
        let last = max(0, lines - rows)
        switch action {
        case .back: goBack()
        case .lineDown: pager.top = min(last, pager.top + 1)
        case .lineUp: pager.top = max(0, pager.top - 1)
        case .pageDown: pager.top = min(last, pager.top + rows)
        case .pageUp: pager.top = max(0, pager.top - rows)
        case .halfPageDown: pager.top = min(last, pager.top + rows / 2)
        case .halfPageUp: pager.top = max(0, pager.top - rows / 2)
        case .top: pager.top = 0
        case .bottom: pager.top = last
        default: break
        }
    }
}
