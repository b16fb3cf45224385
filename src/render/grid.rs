//! Tables: a header and rows of cells, drawn by comfy-table on a terminal (fitted to its
//! width, long cells wrapped) and written directly in a pipe, where nothing is wrapped and a
//! table of ten thousand rows must not cost more than writing its lines.

use comfy_table::{Cell, Color, ContentArrangement, LineStyle, Table, TableStyle};

use super::Ui;
use crate::text::width;

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
}

impl Grid {
    pub fn new(header: &[&'static str]) -> Grid {
        Grid {
            header: header.to_vec(),
            rows: Vec::new(),
        }
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

    fn on_terminal(self, ui: &Ui, width: usize) -> String {
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
        for row in self.rows {
            table.add_row(row.into_iter().map(|c| match c.color {
                Some(color) => Cell::new(c.text).fg(color),
                None => Cell::new(c.text),
            }));
        }
        // The style keeps one space between columns; the padding adds the second.
        for column in table.column_iter_mut() {
            column.set_padding((0, 1));
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

fn ansi(color: Color) -> Option<&'static str> {
    match color {
        Color::Green => Some("32"),
        Color::Yellow => Some("33"),
        Color::DarkGrey => Some("90"),
        _ => None,
    }
}
