//! Tables: a header and rows of cells, drawn by comfy-table on a terminal (fitted to its
//! width, long cells wrapped) and written directly in a pipe, where nothing is wrapped and a
//! table of ten thousand rows must not cost more than writing its lines.

use comfy_table::{
    Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Row, Table, TableStyle, Width,
};

use super::Ui;
use std::borrow::Cow;

use crate::text::{fit, width};

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
    /// Columns never wrapped on a terminal: ids, which must stay whole to be copied.
    whole: Vec<usize>,
    /// On a terminal, each row is one line: long cells are cut with `…`, not wrapped.
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
    /// would not fit even with its other columns cut to their headers.
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

    fn on_terminal(mut self, ui: &Ui, width: usize) -> String {
        let mut widths = self.fitted_widths(width);
        while widths.iter().sum::<usize>() + gaps(widths.len()) > width
            && let Some(&i) = self.droppable.first()
        {
            self.remove_column(i);
            widths = self.fitted_widths(width);
        }
        let mut table = Table::new();
        // A rule under the header and nothing else: light enough for long lists.
        let rule = LineStyle::none().fill('─').junction('─');
        table.load_style(TableStyle::new().header_separator(rule));
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
        if ui.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(self.header);
        table.set_truncation_indicator("…");
        for cells in self.rows {
            // Cut here, by width, rather than let comfy-table wrap at a word and drop the
            // lines after the first.
            let cut = |text: String, w: usize| match fit(&text, w) {
                Cow::Borrowed(_) => text,
                Cow::Owned(cut) => cut,
            };
            let mut row = Row::from(cells.into_iter().zip(&widths).map(|(c, &w)| {
                let text = if self.one_line {
                    cut(c.text, w)
                } else {
                    c.text
                };
                match c.color {
                    Some(color) => Cell::new(text).fg(color),
                    None => Cell::new(text),
                }
            }));
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

    /// The width of each column's text on a terminal `total` columns wide, two spaces
    /// between columns. Everything fits as it is if it can. Otherwise the columns kept
    /// whole keep their width, and the others share what is left: a column narrower than
    /// its share keeps its width, and the wider ones are cut to equal shares, never below
    /// their header. If even that is too wide, the lines are longer than the terminal.
    fn fitted_widths(&self, total: usize) -> Vec<usize> {
        let mut natural: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in natural.iter_mut().zip(row) {
                *w = (*w).max(width(&cell.text));
            }
        }
        let room = total.saturating_sub(gaps(natural.len()));
        if natural.iter().sum::<usize>() <= room {
            return natural;
        }
        let mut widths = natural.clone();
        let mut flexible: Vec<usize> = (0..natural.len())
            .filter(|i| !self.whole.contains(i))
            .collect();
        let fixed: usize = (0..natural.len())
            .filter(|i| self.whole.contains(i))
            .map(|i| natural[i])
            .sum();
        let mut left = room.saturating_sub(fixed);
        // Narrowest first: each takes its natural width if that is within an equal share.
        flexible.sort_by_key(|&i| natural[i]);
        for (k, &i) in flexible.iter().enumerate() {
            let share = left / (flexible.len() - k);
            let floor = width(self.header[i]).min(natural[i]);
            widths[i] = natural[i].min(share).max(floor);
            left = left.saturating_sub(widths[i]);
        }
        widths
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
        let mut g = Grid::new(&["ID", "SECTION", "TITLE"]).whole(&[0]);
        g.row(cells.iter().map(|c| GridCell::new(*c)).collect());
        g
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
