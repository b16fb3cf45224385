//! Tables and row lists, and how both are fitted to a terminal's width.
//!
//! A [`Grid`] is a header and rows of cells, drawn by comfy-table on a terminal (fitted to
//! its width, long cells cut or wrapped) and written directly in a pipe, where nothing is
//! wrapped and a table of ten thousand rows must not cost more than writing its lines. A
//! [`RowList`] is rows without a header, as `show`, `status` and `today` print them. Both
//! are fitted by [`fit_columns`]: ids, states and dates stay whole, free text gives way,
//! and the least important columns are left out before a line grows past the terminal.

use comfy_table::{
    Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Row, Table, TableStyle, Width,
};

use super::Ui;
use std::borrow::Cow;

use crate::text::{fit, longest_word, pad, width, wrap_breaking};

/// A wrapped column is not made narrower than this while a column can be left out instead:
/// narrower, a note is a word or two a line.
const WRAPPED_AT_LEAST: usize = 12;

/// A wrapped column is made as wide as its longest word, up to this, while a column can be
/// left out instead, so that wrapping breaks no word that could have been kept whole. A
/// longer word (a link) is broken rather than cost a column.
const WORD_KEPT_UP_TO: usize = 20;

/// Free text in a [`RowList`] is not cut narrower than this (the width of a `TITLE`
/// header, the floor of a title in a [`Grid`]).
const TEXT_FLOOR: usize = 5;

/// One column as the fitting sees it: how wide its text is, and how far it may give way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Its widest cell, the header included.
    natural: usize,
    /// Kept whole (an id, a state, a date): never cut or wrapped.
    whole: bool,
    /// The narrowest it is cut to while a column can still be left out instead.
    floor: usize,
    /// The narrowest it is cut to once none can; below it the lines grow past the terminal.
    least: usize,
}

impl Measure {
    fn whole(natural: usize) -> Measure {
        Measure {
            natural,
            whole: true,
            floor: natural,
            least: natural,
        }
    }

    /// A column that gives way, never below `least`, and below `floor` only when no column
    /// is left to leave out. Neither is more than its natural width.
    fn flexible(natural: usize, floor: usize, least: usize) -> Measure {
        let floor = floor.min(natural);
        Measure {
            natural,
            whole: false,
            floor,
            least: least.min(floor),
        }
    }
}

/// The width of each column's text on a terminal `total` columns wide, where `n` columns
/// take `overhead(n)` besides their text; `None` for a column left out.
///
/// Everything fits as it is if it can. Otherwise the columns kept whole keep their width,
/// and the others share what is left: a column narrower than its share keeps its width,
/// and the wider ones are cut to equal shares, never below their floor. If that is still
/// too wide, the `droppable` columns are left out, the first named first, until it fits.
/// With none left to leave out, the columns are cut to their least width instead, if that
/// fits; if not, the lines are longer than the terminal.
pub fn fit_columns(
    columns: &[Measure],
    droppable: &[usize],
    total: usize,
    overhead: impl Fn(usize) -> usize,
) -> Vec<Option<usize>> {
    let mut shown = vec![true; columns.len()];
    let mut drops = droppable.iter().filter(|&&i| i < columns.len());
    loop {
        let kept: Vec<Measure> = columns
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| *c)
            .collect();
        let room = total.saturating_sub(overhead(kept.len()));
        let mut widths = share(&kept, room, |c| c.floor);
        if widths.iter().sum::<usize>() > room {
            if let Some(&i) = drops.next() {
                shown[i] = false;
                continue;
            }
            // Cut to their least only if that makes them fit: when the whole columns alone
            // are wider than the terminal, a note wrapped a word a line helps nobody.
            let least = share(&kept, room, |c| c.least);
            if least.iter().sum::<usize>() <= room {
                widths = least;
            }
        }
        let mut widths = widths.into_iter();
        return shown
            .iter()
            .map(|&s| if s { widths.next() } else { None })
            .collect();
    }
}

/// Shares `room` among `columns` as [`fit_columns`] describes, cutting none below `floor`.
fn share(columns: &[Measure], room: usize, floor: impl Fn(&Measure) -> usize) -> Vec<usize> {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.natural).collect();
    if widths.iter().sum::<usize>() <= room {
        return widths;
    }
    let fixed: usize = columns.iter().filter(|c| c.whole).map(|c| c.natural).sum();
    let mut left = room.saturating_sub(fixed);
    let mut flexible: Vec<usize> = (0..columns.len()).filter(|&i| !columns[i].whole).collect();
    // Narrowest first: each takes its natural width if that is within an equal share.
    flexible.sort_by_key(|&i| columns[i].natural);
    for (k, &i) in flexible.iter().enumerate() {
        let share = left / (flexible.len() - k);
        widths[i] = columns[i].natural.min(share).max(floor(&columns[i]));
        left = left.saturating_sub(widths[i]);
    }
    widths
}

/// One cell: its text and, optionally, its colour.
pub struct GridCell {
    text: String,
    color: Option<Color>,
}

impl GridCell {
    pub fn new(text: impl Into<String>) -> GridCell {
        GridCell {
            text: text.into(),
            color: None,
        }
    }

    pub fn colored(text: impl Into<String>, color: Color) -> GridCell {
        GridCell {
            text: text.into(),
            color: Some(color),
        }
    }
}

/// A table being built.
pub struct Grid {
    header: Vec<&'static str>,
    rows: Vec<Vec<GridCell>>,
    /// Columns never cut or wrapped on a terminal: ids, which must stay whole to be copied.
    whole: Vec<usize>,
    /// On a terminal, each row is one line: long cells are cut with `…`. Otherwise they are
    /// wrapped at spaces, a word broken only when it is wider than its column.
    one_line: bool,
    /// Columns left out, in this order, on a terminal too narrow for all of them.
    droppable: Vec<usize>,
}

impl Grid {
    pub fn new(header: &[&'static str]) -> Grid {
        Grid {
            header: header.to_vec(),
            rows: Vec::new(),
            whole: Vec::new(),
            one_line: false,
            droppable: Vec::new(),
        }
    }

    /// Leaves these columns out (the first named first) on a terminal where the table
    /// would not fit even with its other columns cut to their floors: a header's width,
    /// or for a wrapped column its longest word (see [`WORD_KEPT_UP_TO`]).
    pub fn droppable(mut self, columns: &[usize]) -> Grid {
        self.droppable = columns.to_vec();
        self
    }

    /// Removes column `i` from the header, the rows and the column lists.
    fn remove_column(&mut self, i: usize) {
        self.header.remove(i);
        for row in &mut self.rows {
            if i < row.len() {
                row.remove(i);
            }
        }
        let shift = |list: &mut Vec<usize>| {
            list.retain(|&c| c != i);
            for c in list.iter_mut().filter(|c| **c > i) {
                *c -= 1;
            }
        };
        shift(&mut self.whole);
        shift(&mut self.droppable);
    }

    /// Keeps these columns whole on a terminal; the others give way.
    pub fn whole(mut self, columns: &[usize]) -> Grid {
        self.whole = columns.to_vec();
        self
    }

    /// Cuts long cells on a terminal so that every row stays one line.
    pub fn one_line(mut self) -> Grid {
        self.one_line = true;
        self
    }

    pub fn row(&mut self, cells: Vec<GridCell>) {
        self.rows.push(cells);
    }

    /// The table's lines, each ending with a newline and no trailing spaces. Columns are
    /// separated by two spaces and the first starts at the margin.
    pub fn render(self, ui: &Ui) -> String {
        match ui.width {
            Some(w) => self.on_terminal(ui, w),
            None => self.in_pipe(ui),
        }
    }

    /// How each column may give way on a terminal.
    fn measure(&self) -> Vec<Measure> {
        let mut natural: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        let mut words = vec![0; natural.len()];
        let wraps = |i: usize| !self.one_line && !self.whole.contains(&i);
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(natural.len()) {
                natural[i] = natural[i].max(width(&cell.text));
                if wraps(i) {
                    words[i] = words[i].max(longest_word(&cell.text));
                }
            }
        }
        (0..natural.len())
            .map(|i| {
                let header = width(self.header[i]);
                if self.whole.contains(&i) {
                    Measure::whole(natural[i])
                } else if wraps(i) {
                    let floor = words[i].clamp(WRAPPED_AT_LEAST, WORD_KEPT_UP_TO);
                    Measure::flexible(natural[i], floor.max(header), header)
                } else {
                    Measure::flexible(natural[i], header, header)
                }
            })
            .collect()
    }

    fn on_terminal(mut self, ui: &Ui, total: usize) -> String {
        let fitted = fit_columns(&self.measure(), &self.droppable, total, gaps);
        for (i, w) in fitted.iter().enumerate().rev() {
            if w.is_none() {
                self.remove_column(i);
            }
        }
        let widths: Vec<usize> = fitted.into_iter().flatten().collect();
        let mut table = Table::new();
        // A rule under the header and nothing else: light enough for long lists.
        let rule = LineStyle::none().fill('─').junction('─');
        table.load_style(TableStyle::new().header_separator(rule));
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(u16::try_from(total).unwrap_or(u16::MAX));
        if ui.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(self.header);
        table.set_truncation_indicator("…");
        let whole = self.whole;
        for cells in self.rows {
            // Cut and wrapped here, by display width, rather than left to comfy-table, which
            // would wrap at a word and drop the lines after the first, or break words.
            let text = |i: usize, text: String, w: usize| {
                if whole.contains(&i) {
                    text
                } else if self.one_line {
                    match fit(&text, w) {
                        Cow::Borrowed(_) => text,
                        Cow::Owned(cut) => cut,
                    }
                } else if width(&text) <= w {
                    text
                } else {
                    wrap_breaking(&text, w).join("\n")
                }
            };
            let mut row = Row::from(cells.into_iter().zip(&widths).enumerate().map(
                |(i, (c, &w))| {
                    let text = text(i, c.text, w);
                    match c.color {
                        Some(color) => Cell::new(text).fg(color),
                        None => Cell::new(text),
                    }
                },
            ));
            if self.one_line {
                row.max_height(1);
            }
            table.add_row(row);
        }
        // The style keeps one space between columns; the padding adds the second.
        for (column, w) in table.column_iter_mut().zip(widths) {
            column.set_padding((0, 1));
            let w = u16::try_from(w + 1).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
        }
        let mut out = String::new();
        for l in table.lines() {
            out.push_str(l.trim_end());
            out.push('\n');
        }
        out
    }

    fn in_pipe(self, ui: &Ui) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(&cell.text));
                }
            }
        }
        // Written straight into the output: no string per line or per padded cell.
        let line_len: usize = widths.iter().map(|w| w + 2).sum();
        let mut out = String::with_capacity((line_len + 1) * (self.rows.len() + 1));
        let mut write_line = |cells: &mut dyn Iterator<Item = (&str, Option<Color>)>| {
            let start = out.len();
            // Spaces that pad the previous cell, written only when another cell follows.
            let mut owed = 0;
            for (i, (text, color)) in cells.enumerate() {
                out.extend(std::iter::repeat_n(' ', owed));
                match color.and_then(ansi) {
                    Some(code) if ui.color => {
                        let used = text.trim_end();
                        out.push_str("\x1b[");
                        out.push_str(code);
                        out.push('m');
                        out.push_str(used);
                        out.push_str("\x1b[0m");
                        out.push_str(&text[used.len()..]);
                    }
                    _ => out.push_str(text),
                }
                owed = widths
                    .get(i)
                    .map_or(0, |w| (w + 2).saturating_sub(width(text)));
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            out.push('\n');
        };
        write_line(&mut self.header.iter().map(|h| (*h, None)));
        for row in &self.rows {
            write_line(&mut row.iter().map(|c| (c.text.as_str(), c.color)));
        }
        out
    }
}

/// A column of a [`RowList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListColumn {
    /// Every cell is padded to this width, as `{:6}` pads (0: to the widest cell).
    fixed: usize,
    right: bool,
    whole: bool,
}

impl ListColumn {
    /// Kept whole on a terminal (an id, a state, a time), padded to its widest cell.
    pub const WHOLE: ListColumn = ListColumn {
        fixed: 0,
        right: false,
        whole: true,
    };

    /// Free text (a title, an event), cut with `…` on a terminal.
    pub const TEXT: ListColumn = ListColumn {
        fixed: 0,
        right: false,
        whole: false,
    };

    /// Kept whole, each cell padded to `n` columns; a wider one pushes the rest of its row
    /// over, as `format!("{:6}")` would.
    pub const fn fixed(n: usize) -> ListColumn {
        ListColumn {
            fixed: n,
            right: false,
            whole: true,
        }
    }

    /// Padded on the left.
    pub const fn right(self) -> ListColumn {
        ListColumn {
            right: true,
            ..self
        }
    }
}

/// Rows without a header, indented two spaces, columns two spaces apart, the last cell not
/// padded: the lists in `show`, `status` and `today`. On a terminal the rows are fitted to
/// its width by [`fit_columns`], as a [`Grid`]'s are: whole columns keep their width, text
/// is cut with `…`, and the droppable columns are left out when that is not enough. In a
/// pipe every cell is whole.
pub struct RowList {
    columns: Vec<ListColumn>,
    rows: Vec<Vec<String>>,
    droppable: Vec<usize>,
}

impl RowList {
    pub fn new(columns: &[ListColumn]) -> RowList {
        RowList {
            columns: columns.to_vec(),
            rows: Vec::new(),
            droppable: Vec::new(),
        }
    }

    /// Leaves these columns out (the first named first) on a terminal where the rows would
    /// not fit even with their text cut to a few columns.
    pub fn droppable(mut self, columns: &[usize]) -> RowList {
        self.droppable = columns.to_vec();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Appends the rows to `out`, each ending with a newline.
    pub fn render(&self, ui: &Ui, out: &mut String) {
        let mut widest = vec![0; self.columns.len()];
        for row in &self.rows {
            for (w, cell) in widest.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        // The width each cell is padded to, in a pipe and on a terminal alike.
        let padded: Vec<usize> = self
            .columns
            .iter()
            .zip(&widest)
            .map(|(c, &w)| if c.fixed > 0 { c.fixed } else { w })
            .collect();
        let fitted = match ui.width {
            Some(total) => {
                let measures: Vec<Measure> = self
                    .columns
                    .iter()
                    .zip(&widest)
                    .map(|(c, &w)| {
                        let natural = w.max(c.fixed);
                        if c.whole {
                            Measure::whole(natural)
                        } else {
                            Measure::flexible(natural, TEXT_FLOOR, TEXT_FLOOR)
                        }
                    })
                    .collect();
                // Two spaces of indent, two between columns.
                fit_columns(&measures, &self.droppable, total, |n| 2 * n)
            }
            None => padded.iter().map(|&w| Some(w)).collect(),
        };
        let last = fitted.iter().rposition(Option::is_some);
        for row in &self.rows {
            let start = out.len();
            out.push_str("  ");
            for (i, cell) in row.iter().enumerate() {
                let Some(Some(w)) = fitted.get(i) else {
                    continue;
                };
                let column = self.columns[i];
                let text = if column.whole || ui.width.is_none() {
                    Cow::Borrowed(cell.as_str())
                } else {
                    fit(cell, *w)
                };
                let to = if column.whole { padded[i] } else { *w };
                if column.right {
                    out.extend(std::iter::repeat_n(' ', to.saturating_sub(width(&text))));
                    out.push_str(&text);
                } else if Some(i) == last {
                    out.push_str(&text);
                } else {
                    out.push_str(&pad(&text, to));
                }
                if Some(i) != last {
                    out.push_str("  ");
                }
            }
            if ui.width.is_some() {
                let kept = out[start..].trim_end().len();
                out.truncate(start + kept);
            }
            out.push('\n');
        }
    }
}

/// The columns a table of `n` columns takes besides their text on a terminal: two spaces
/// between columns, and one after the last, where the rule under the header ends.
fn gaps(n: usize) -> usize {
    (2 * n).saturating_sub(1)
}

fn ansi(color: Color) -> Option<&'static str> {
    match color {
        Color::Green => Some("32"),
        Color::Yellow => Some("33"),
        Color::DarkGrey => Some("90"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[&str]) -> Grid {
        let mut g = Grid::new(&["ID", "SECTION", "TITLE"])
            .whole(&[0])
            .one_line();
        g.row(cells.iter().map(|c| GridCell::new(*c)).collect());
        g
    }

    impl Grid {
        fn fitted_widths(&self, total: usize) -> Vec<usize> {
            fit_columns(&self.measure(), &self.droppable, total, gaps)
                .into_iter()
                .flatten()
                .collect()
        }
    }

    #[test]
    fn columns_fit_the_terminal_ids_first() {
        // Fits as it is: natural widths.
        assert_eq!(grid(&["abc", "sec", "title"]).fitted_widths(80), [3, 7, 5]);
        // 40 columns, 5 of them between and after columns: the id keeps 20, the section
        // (narrower than its share of 7.5) keeps 7, the title gets the remaining 8.
        let wide = ["x".repeat(20), "s".repeat(7), "t".repeat(50)];
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        assert_eq!(grid(&wide).fitted_widths(40), [20, 7, 8]);
        // Two wide columns split what is left evenly.
        let two = ["x".repeat(10), "s".repeat(40), "t".repeat(40)];
        let two: Vec<&str> = two.iter().map(String::as_str).collect();
        assert_eq!(grid(&two).fitted_widths(45), [10, 15, 15]);
        // Never below a header: the lines are then longer than the terminal.
        assert_eq!(grid(&wide).fitted_widths(20), [20, 7, 5]);
    }

    #[test]
    fn a_wrapped_column_keeps_its_words_whole_if_a_column_can_go() {
        let ui = |w| Ui {
            color: false,
            width: Some(w),
        };
        let table = |w| {
            let mut g = Grid::new(&["WHEN", "TOPIC", "EVENT"])
                .whole(&[0, 1])
                .droppable(&[0]);
            g.row(vec![
                GridCell::new("2026-11-23 20:00"),
                GridCell::new("indexes-query-plans"),
                GridCell::new("note: EXPLAIN ANALYZE shows the plan"),
            ]);
            g.render(&ui(w))
        };
        // 16 + 19 and the gaps leave 13 at 53: enough for the longest word, and the floor.
        assert_eq!(
            table(53),
            format!(
                "WHEN              TOPIC                EVENT\n{}\n\
                 2026-11-23 20:00  indexes-query-plans  note: EXPLAIN\n\
                 \x20                                      ANALYZE shows\n\
                 \x20                                      the plan\n",
                "─".repeat(53)
            )
        );
        // At 45 the event would have 5 columns: the time goes instead.
        assert_eq!(
            table(45),
            format!(
                "TOPIC                EVENT\n{}\n\
                 indexes-query-plans  note: EXPLAIN ANALYZE\n\
                 \x20                    shows the plan\n",
                "─".repeat(45)
            )
        );
        // A word wider than its column (17 at 25) by itself is broken; no line is wider.
        let mut g = Grid::new(&["TOPIC", "EVENT"]).whole(&[0]);
        g.row(vec![
            GridCell::new("x"),
            GridCell::new("see https://example.com/a/rather/long/link"),
        ]);
        let out = g.render(&ui(25));
        assert!(out.lines().all(|l| width(l) <= 25), "{out}");
        assert!(
            out.contains("\nx      see\n       https://example.c\n       om/a/rather/long/\n"),
            "{out}"
        );
    }

    #[test]
    fn a_row_list_is_whole_in_a_pipe_and_gives_way_on_a_terminal() {
        let list = || {
            let mut l = RowList::new(&[
                ListColumn::fixed(6),
                ListColumn::fixed(6).right(),
                ListColumn::WHOLE,
                ListColumn::TEXT,
            ])
            .droppable(&[1, 3]);
            l.row(vec![
                "review".into(),
                "15m".into(),
                "sql-basics".into(),
                "SQL basics".into(),
            ]);
            l.row(vec![
                "doing".into(),
                "100h30m".into(),
                "x".into(),
                "A long title".into(),
            ]);
            l
        };
        let render = |width| {
            let mut out = String::new();
            list().render(
                &Ui {
                    color: false,
                    width,
                },
                &mut out,
            );
            out
        };
        // In a pipe, as `format!("  {:6}  {:>6}  {:10}  {}")` writes it.
        let piped = "  review     15m  sql-basics  SQL basics\n\
                     \x20 doing   100h30m  x           A long title\n";
        assert_eq!(render(None), piped);
        assert_eq!(render(Some(43)), piped);
        // At 42 the titles are cut; at 35 they would have 4 columns, so the minutes go.
        assert_eq!(
            render(Some(42)),
            "  review     15m  sql-basics  SQL basics\n\
             \x20 doing   100h30m  x           A long tit…\n"
        );
        assert_eq!(
            render(Some(35)),
            "  review  sql-basics  SQL basics\n  doing   x           A long title\n"
        );
        // Below 5 columns of title, the titles go too.
        assert_eq!(
            render(Some(27)),
            "  review  sql-basics  SQL …\n  doing   x           A lo…\n"
        );
        assert_eq!(render(Some(26)), "  review  sql-basics\n  doing   x\n");
    }

    #[test]
    fn a_droppable_column_goes_when_nothing_else_fits() {
        let ui = |w| Ui {
            color: false,
            width: Some(w),
        };
        let table = |w| {
            let id = "x".repeat(20);
            grid(&[&id, "section", "a title"])
                .droppable(&[1])
                .render(&ui(w))
        };
        // 20 + 7 + 7 and their gaps fit 40: all three columns.
        assert!(table(40).starts_with("ID                    SECTION  TITLE\n"));
        // At 30 the section goes, and the title keeps what is left.
        assert_eq!(
            table(30),
            format!(
                "ID                    TITLE\n{}\n{}  a title\n",
                "─".repeat(30),
                "x".repeat(20)
            )
        );
    }
}
