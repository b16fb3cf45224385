//! Tables and row lists, and how both are fitted to a terminal's width.
//!
//! A [`Grid`] is a header and rows of cells; a [`RowList`] is rows without a header, as
//! `show`, `status` and `today` print them. On a terminal comfy-table lays both out to its
//! width: ids, states and dates stay whole, free text is cut with `…` or wrapped at spaces
//! (a word is broken only when it is wider than its column). comfy-table never leaves a
//! column out, so that is decided here ([`Layout::bounds`]): when the other columns would
//! not fit even cut to their floors, the least important columns are left out first.
//!
//! In a pipe nothing is cut or wrapped, and the lines are written here directly: laid out by
//! comfy-table there, `list` of ten thousand topics took twice as long (52 ms against 25 ms,
//! the fastest of 60 runs on a busy two-core machine).

use std::iter::repeat_n;

use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle,
    Row, Table, TableStyle, Width,
};

use super::Ui;
use crate::text::{longest_word, width};

/// A wrapped column is not made narrower than this while a column can be left out instead:
/// narrower, a note is a word or two a line.
const WRAPPED_AT_LEAST: usize = 12;

/// A wrapped column is made as wide as its longest word, up to this, while a column can be
/// left out instead, so that wrapping breaks no word that could have been kept whole. A
/// longer word (a link) is broken rather than cost a column.
const WORD_KEPT_UP_TO: usize = 20;

/// Cut text is not cut narrower than this (the width of a `TITLE` header), nor than its
/// header.
const TEXT_FLOOR: usize = 5;

/// How a column gives way on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Give {
    /// Not at all: an id, a state or a date stays whole, to be read and copied.
    Whole,
    /// Cut to one line, ending with `…`.
    Cut,
    /// Wrapped at spaces.
    Wrapped,
}

/// One column of a [`Layout`].
#[derive(Debug, Clone, Copy)]
struct Column {
    header: &'static str,
    give: Give,
    /// Every cell is padded to at least this width.
    min: usize,
    /// Padded on the left.
    right: bool,
}

/// The columns and rows of a [`Grid`] or a [`RowList`], laid out alike.
struct Layout {
    columns: Vec<Column>,
    /// Whether the first line is the columns' headers, with a rule under it.
    header: bool,
    rows: Vec<Vec<GridCell>>,
    /// Columns left out, in this order, on a terminal too narrow for all of them.
    droppable: Vec<usize>,
    /// Spaces before the first column.
    indent: usize,
    /// Columns after the last one's text that the rule under the header covers.
    trailing: usize,
}

impl Layout {
    fn new(columns: Vec<Column>, header: bool, indent: usize, trailing: usize) -> Layout {
        Layout {
            columns,
            header,
            rows: Vec::new(),
            droppable: Vec::new(),
            indent,
            trailing,
        }
    }

    /// Each column's width with nothing cut: its widest cell, its header and its `min`.
    fn natural(&self) -> Vec<usize> {
        let mut widest: Vec<usize> = self
            .columns
            .iter()
            .map(|c| c.min.max(if self.header { width(c.header) } else { 0 }))
            .collect();
        for row in &self.rows {
            for (w, cell) in widest.iter_mut().zip(row) {
                *w = (*w).max(width(&cell.text));
            }
        }
        widest
    }

    /// The columns that `n` shown columns take besides their text: the indent, two spaces
    /// between columns, and the trailing ones.
    fn overhead(&self, n: usize) -> usize {
        self.indent + 2 * n.saturating_sub(1) + self.trailing
    }

    /// How narrow each column may be cut: its floor while a column can still be left out,
    /// and its least once none can. Neither is more than its natural width.
    fn floors(&self, natural: &[usize]) -> Vec<(usize, usize)> {
        let words = |i: usize| {
            let cells = self.rows.iter().filter_map(|r| r.get(i));
            cells.map(|c| longest_word(&c.text)).max().unwrap_or(0)
        };
        self.columns
            .iter()
            .zip(natural)
            .enumerate()
            .map(|(i, (c, &natural))| {
                let header = width(c.header);
                let (floor, least) = match c.give {
                    Give::Whole => (natural, natural),
                    Give::Cut => (header.max(TEXT_FLOOR), header.max(TEXT_FLOOR)),
                    Give::Wrapped => {
                        let word = words(i).clamp(WRAPPED_AT_LEAST, WORD_KEPT_UP_TO);
                        (word.max(header), header)
                    }
                };
                let floor = floor.min(natural);
                (floor, least.min(floor))
            })
            .collect()
    }

    /// On a terminal `total` columns wide, the width below which comfy-table may not cut
    /// each column, or `None` for a column left out.
    ///
    /// If the columns do not fit even cut to their floors, the droppable columns are left
    /// out, the first named first, until they do. With none left to leave out, they are cut
    /// to their least width instead, if that fits; if not, the lines are longer than the
    /// terminal (a note wrapped a word a line would help nobody).
    fn bounds(&self, natural: &[usize], total: usize) -> Vec<Option<usize>> {
        let floors = self.floors(natural);
        let mut shown = vec![true; floors.len()];
        let mut drops = self.droppable.iter().filter(|&&i| i < floors.len());
        loop {
            let kept = || {
                floors
                    .iter()
                    .zip(&shown)
                    .filter(|(_, s)| **s)
                    .map(|(f, _)| f)
            };
            let room = total.saturating_sub(self.overhead(kept().count()));
            let floor: usize = kept().map(|f| f.0).sum();
            if floor > room
                && let Some(&i) = drops.next()
            {
                shown[i] = false;
                continue;
            }
            let least = floor > room && kept().map(|f| f.1).sum::<usize>() <= room;
            return floors
                .iter()
                .zip(&shown)
                .map(|(&(floor, at_least), &s)| s.then_some(if least { at_least } else { floor }))
                .collect();
        }
    }

    /// Appends the lines to `out`, each ending with a newline and no trailing spaces.
    fn render(&self, ui: &Ui, out: &mut String) {
        if self.rows.is_empty() && !self.header {
            return;
        }
        match ui.width {
            Some(total) => {
                for line in self.on_terminal(ui, total) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            None => self.in_pipe(ui, out),
        }
    }

    /// The lines comfy-table lays out on a terminal `total` columns wide.
    fn on_terminal(&self, ui: &Ui, total: usize) -> Vec<String> {
        let natural = self.natural();
        let bounds = self.bounds(&natural, total);
        let table = self.table(ui, total, &natural, &bounds);
        let mut lines: Vec<String> = table.lines().map(|l| l.trim_end().to_string()).collect();
        if self.header
            && let Some(rule) = lines.get_mut(1)
        {
            // comfy-table narrows a wrapped column to its longest line; the rule still spans
            // the width the table was fitted to.
            let shown: Vec<usize> = bounds
                .iter()
                .zip(&natural)
                .filter(|(b, _)| b.is_some())
                .map(|(_, &w)| w)
                .collect();
            let spans = (shown.iter().sum::<usize>() + self.overhead(shown.len())).min(total);
            let drawn = width(rule);
            rule.extend(repeat_n('─', spans.saturating_sub(drawn)));
        }
        lines
    }

    /// The table for comfy-table to lay out: whole columns at their natural width, the
    /// others no narrower than their bound, and the columns left out hidden.
    fn table(&self, ui: &Ui, total: usize, natural: &[usize], bounds: &[Option<usize>]) -> Table {
        let mut table = Table::new();
        // Columns one space apart, and one space of padding: two in all. A rule under the
        // header and nothing else: light enough for long lists.
        let blank = ContentLineStyle::none().junction(' ');
        let mut style = TableStyle::new().header_lines(blank).content_lines(blank);
        if self.header {
            style = style.header_separator(LineStyle::none().fill('─').junction('─'));
            table.set_header(self.columns.iter().map(|c| c.header));
        }
        table.load_style(style);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(u16::try_from(total).unwrap_or(u16::MAX));
        if ui.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let one_line = self.columns.iter().all(|c| c.give != Give::Wrapped);
        for cells in &self.rows {
            let mut row = Row::from(cells.iter().zip(&self.columns).map(|(c, column)| {
                let mut cell = Cell::new(&c.text);
                if column.give == Give::Cut {
                    // Split at newlines, which no line of a cell holds, a long text is cut
                    // at the column's width rather than after the last word that fits.
                    cell = cell.set_delimiter('\n');
                }
                match c.color {
                    Some(color) => cell.fg(color),
                    None => cell,
                }
            }));
            if one_line {
                row.max_height(1);
            }
            table.add_row(row);
        }
        let first = bounds.iter().position(Option::is_some);
        let last = bounds.iter().rposition(Option::is_some);
        for (i, column) in table.column_iter_mut().enumerate() {
            let left = if Some(i) == first { self.indent } else { 0 };
            let right = if Some(i) == last { self.trailing } else { 1 };
            let padded =
                |w: usize| Width::Fixed(u16::try_from(w + left + right).unwrap_or(u16::MAX));
            column.set_padding((
                u16::try_from(left).unwrap_or(u16::MAX),
                u16::try_from(right).unwrap_or(u16::MAX),
            ));
            column.set_constraint(match bounds[i] {
                None => ColumnConstraint::Hidden,
                Some(_) if self.columns[i].give == Give::Whole => {
                    ColumnConstraint::Absolute(padded(natural[i]))
                }
                Some(bound) => ColumnConstraint::LowerBoundary(padded(bound)),
            });
            if self.columns[i].right {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        table
    }

    /// Writes every cell whole, padded to its column's natural width: no string per line or
    /// per cell, as a table of ten thousand rows must cost no more than its lines.
    fn in_pipe(&self, ui: &Ui, out: &mut String) {
        let widths = self.natural();
        let line = self.indent + widths.iter().map(|w| w + 2).sum::<usize>();
        out.reserve(line * (self.rows.len() + 1));
        if self.header {
            let headers = self.columns.iter().map(|c| (c.header, None));
            self.write_line(ui, &widths, headers, out);
        }
        for row in &self.rows {
            let cells = row.iter().map(|c| (c.text.as_str(), c.color));
            self.write_line(ui, &widths, cells, out);
        }
    }

    /// Writes one line of cells, padded to `widths` and two spaces apart, with no trailing
    /// spaces.
    fn write_line<'a>(
        &self,
        ui: &Ui,
        widths: &[usize],
        cells: impl Iterator<Item = (&'a str, Option<Color>)>,
        out: &mut String,
    ) {
        let start = out.len();
        out.extend(repeat_n(' ', self.indent));
        // Spaces that pad the previous cell, written only when another cell follows.
        let mut owed = 0;
        for ((text, color), (column, w)) in cells.zip(self.columns.iter().zip(widths)) {
            let pad = w.saturating_sub(width(text));
            let (before, after) = if column.right { (pad, 0) } else { (0, pad) };
            out.extend(repeat_n(' ', owed + before));
            match color.and_then(super::sgr) {
                Some(code) if ui.color => {
                    out.push_str("\x1b[");
                    out.push_str(code);
                    out.push('m');
                    out.push_str(text);
                    out.push_str("\x1b[0m");
                }
                _ => out.push_str(text),
            }
            owed = after + 2;
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
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

/// A table being built: a header, a rule under it on a terminal, and rows. Its columns are
/// two spaces apart and the first starts at the margin.
pub struct Grid {
    layout: Layout,
}

impl Grid {
    /// A table whose cells are wrapped at spaces on a terminal, a word broken only when it
    /// is wider than its column; see [`Grid::whole`] and [`Grid::one_line`].
    pub fn new(header: &[&'static str]) -> Grid {
        let columns = header.iter().map(|&header| Column {
            header,
            give: Give::Wrapped,
            min: 0,
            right: false,
        });
        Grid {
            layout: Layout::new(columns.collect(), true, 0, 1),
        }
    }

    /// Leaves these columns out (the first named first) on a terminal where the table
    /// would not fit even with its other columns cut to their floors: a header's width,
    /// or for a wrapped column its longest word (see [`WORD_KEPT_UP_TO`]).
    pub fn droppable(mut self, columns: &[usize]) -> Grid {
        self.layout.droppable = columns.to_vec();
        self
    }

    /// Keeps these columns whole on a terminal; the others give way.
    pub fn whole(mut self, columns: &[usize]) -> Grid {
        for &i in columns {
            if let Some(c) = self.layout.columns.get_mut(i) {
                c.give = Give::Whole;
            }
        }
        self
    }

    /// Cuts long cells on a terminal so that every row stays one line.
    pub fn one_line(mut self) -> Grid {
        for c in &mut self.layout.columns {
            if c.give == Give::Wrapped {
                c.give = Give::Cut;
            }
        }
        self
    }

    pub fn row(&mut self, cells: Vec<GridCell>) {
        self.layout.rows.push(cells);
    }

    /// The table's lines, each ending with a newline and no trailing spaces.
    pub fn render(self, ui: &Ui) -> String {
        let mut out = String::new();
        self.layout.render(ui, &mut out);
        out
    }
}

/// A column of a [`RowList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListColumn {
    /// Every cell is padded to at least this width, as `{:6}` pads.
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

    /// Kept whole, each cell padded to at least `n` columns (the column is as wide as its
    /// widest cell if that is wider).
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

/// Rows without a header, indented two spaces, columns two spaces apart: the lists in
/// `show`, `status` and `today`. On a terminal they are fitted to its width as a [`Grid`]'s
/// rows are: whole columns keep their width, text is cut with `…`, and the droppable
/// columns are left out when that is not enough. In a pipe every cell is whole.
pub struct RowList {
    layout: Layout,
}

impl RowList {
    pub fn new(columns: &[ListColumn]) -> RowList {
        let columns = columns.iter().map(|c| Column {
            header: "",
            give: if c.whole { Give::Whole } else { Give::Cut },
            min: c.fixed,
            right: c.right,
        });
        RowList {
            layout: Layout::new(columns.collect(), false, 2, 0),
        }
    }

    /// Leaves these columns out (the first named first) on a terminal where the rows would
    /// not fit even with their text cut to a few columns.
    pub fn droppable(mut self, columns: &[usize]) -> RowList {
        self.layout.droppable = columns.to_vec();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.layout
            .rows
            .push(cells.into_iter().map(GridCell::new).collect());
    }

    /// Appends the rows to `out`, each ending with a newline.
    pub fn render(&self, ui: &Ui, out: &mut String) {
        self.layout.render(ui, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui(width: Option<usize>) -> Ui {
        Ui {
            color: false,
            width,
        }
    }

    fn grid(cells: &[&str]) -> Grid {
        let mut g = Grid::new(&["ID", "SECTION", "TITLE"])
            .whole(&[0])
            .one_line();
        g.row(cells.iter().map(|c| GridCell::new(*c)).collect());
        g
    }

    /// The row under the header and its rule.
    fn row_at(g: Grid, width: usize) -> String {
        g.render(&ui(Some(width)))
            .lines()
            .nth(2)
            .unwrap()
            .to_string()
    }

    #[test]
    fn columns_fit_the_terminal_ids_first() {
        // Fits as it is: natural widths, the rule one column past the last.
        assert_eq!(
            grid(&["abc", "sec", "title"]).render(&ui(Some(80))),
            format!(
                "ID   SECTION  TITLE\n{}\nabc  sec      title\n",
                "─".repeat(20)
            )
        );
        // 40 columns, 5 of them between and after columns: the id keeps 20, the section
        // (narrower than its share of 7.5) keeps 7, the title gets the remaining 8.
        let (id, t) = ("x".repeat(20), "t".repeat(50));
        let wide = || grid(&[&id, "section", &t]);
        assert_eq!(
            row_at(wide(), 40),
            format!("{id}  section  {}…", "t".repeat(7))
        );
        // Two wide columns split what is left evenly.
        let (s, t) = ("s".repeat(40), "t".repeat(40));
        assert_eq!(
            row_at(grid(&["x", &s, &t]), 33),
            format!("x   {}…  {}…", "s".repeat(12), "t".repeat(12))
        );
        // Never below a header: the lines are then longer than the terminal.
        assert_eq!(row_at(wide(), 20), format!("{id}  section  tttt…"));
    }

    #[test]
    fn a_cut_keeps_a_grapheme_whole() {
        // A family emoji is one character two columns wide: it fits whole or not at all.
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}";
        let title = format!("ab {family} cd efgh");
        let row = |w| row_at(grid(&["x", "s", &title]), w);
        assert_eq!(row(22), format!("x   s        ab {family} c…"));
        assert_eq!(row(20), format!("x   s        ab {family}…"));
        assert_eq!(row(19), "x   s        ab …");
    }

    #[test]
    fn a_wrapped_column_keeps_its_words_whole_if_a_column_can_go() {
        let table = |w| {
            let mut g = Grid::new(&["WHEN", "TOPIC", "EVENT"])
                .whole(&[0, 1])
                .droppable(&[0]);
            g.row(vec![
                GridCell::new("2026-11-23 20:00"),
                GridCell::new("indexes-query-plans"),
                GridCell::new("note: EXPLAIN ANALYZE shows the plan"),
            ]);
            g.render(&ui(Some(w)))
        };
        // 16 + 19 and the gaps leave 13 at 53: enough for the longest word, and the floor.
        // The rule spans the terminal, past the longest wrapped line.
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
        // A word wider than its column (17 at 25) by itself is broken, from where the line
        // has room; no line is wider.
        let mut g = Grid::new(&["TOPIC", "EVENT"]).whole(&[0]);
        g.row(vec![
            GridCell::new("x"),
            GridCell::new("see https://example.com/a/rather/long/link"),
        ]);
        let out = g.render(&ui(Some(25)));
        assert!(out.lines().all(|l| width(l) <= 25), "{out}");
        assert!(
            out.contains("\nx      see https://examp\n       le.com/a/rather/l\n       ong/link\n"),
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
            list().render(&ui(width), &mut out);
            out
        };
        // In a pipe, each column as wide as its widest cell, and at least as its `fixed`.
        let piped = "  review      15m  sql-basics  SQL basics\n\
                     \x20 doing   100h30m  x           A long title\n";
        assert_eq!(render(None), piped);
        assert_eq!(render(Some(43)), piped);
        // At 42 the titles are cut; at 35 they would have 4 columns, so the minutes go.
        assert_eq!(
            render(Some(42)),
            "  review      15m  sql-basics  SQL basics\n\
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
        // Fixed columns pad narrower cells.
        let mut short = RowList::new(&[ListColumn::fixed(6), ListColumn::fixed(6).right()]);
        short.row(vec!["next".into(), "1h".into()]);
        for width in [None, Some(80)] {
            let mut out = String::new();
            short.render(&ui(width), &mut out);
            assert_eq!(out, "  next        1h\n");
        }
    }

    #[test]
    fn a_droppable_column_goes_when_nothing_else_fits() {
        let table = |w| {
            let id = "x".repeat(20);
            grid(&[&id, "section", "a title"])
                .droppable(&[1])
                .render(&ui(Some(w)))
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

    #[test]
    fn in_a_pipe_nothing_is_cut_and_colour_is_plain_sgr() {
        let mut g = Grid::new(&["ID", "STATE", "EST", "TITLE"]).one_line();
        let title = "t".repeat(200);
        g.row(vec![
            GridCell::new("a"),
            GridCell::colored("done", Color::Green),
            GridCell::new(""),
            GridCell::new(&title),
        ]);
        let out = g.render(&Ui {
            color: true,
            width: None,
        });
        assert_eq!(
            out,
            format!("ID  STATE  EST  TITLE\na   \x1b[32mdone\x1b[0m        {title}\n")
        );
    }
}
