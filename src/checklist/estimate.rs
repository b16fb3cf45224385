//! Estimates from a course table's `Duration` and `Effort` cells.
//!
//! A cell holds a number or a range (`6-10`, `6–10`, `6 to 10`: the midpoint is taken,
//! decimals allowed) followed by a unit:
//!
//! * Duration: weeks (`week`, `weeks`, `wk`, `wks`, `w`) or days (`day`, `days`, `d`).
//! * Effort: hours per week (`hours/week`, `hrs/wk`, `h/wk`, `hours per week`,
//!   `hours a week`), hours per day (`hours/day`, `h/day`, `hours per day`), or plain hours
//!   (`10 hours`), which is the whole effort whatever the duration.
//!
//! The estimate is duration × effort rounded to the minute, written as durations are in a
//! roadmap (`112h`, `25h30m`). A rate with no duration gives no estimate; nor does an empty
//! cell or a dash. Anything else is reported as unreadable. Months, minutes and other units
//! are not read.

use crate::timeparse::format_minutes;

/// The longest estimate a roadmap allows, in minutes (see `timeparse`).
const MAX_MINUTES: f64 = 366.0 * 24.0 * 60.0;

/// What an `Effort` cell says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Effort {
    PerWeek(f64),
    PerDay(f64),
    Total(f64),
}

/// Whether a cell says nothing: empty, a dash, `n/a`, `none`, `?`.
pub(crate) fn blank(cell: &str) -> bool {
    let t = cell.trim().to_lowercase();
    matches!(
        t.as_str(),
        "" | "-" | "--" | "—" | "–" | "n/a" | "na" | "none" | "?" | "tbd"
    )
}

/// A number or a range's midpoint at the start of `s`, and the rest of `s`.
fn amount(s: &str) -> Option<(f64, &str)> {
    fn number(s: &str) -> Option<(f64, &str)> {
        let s = s.trim_start();
        let end = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let n: f64 = s[..end].parse().ok()?;
        Some((n, &s[end..]))
    }
    let (lo, rest) = number(s)?;
    let trimmed = rest.trim_start();
    for sep in ["-", "–", "—", "to "] {
        if let Some(after) = trimmed.strip_prefix(sep)
            && let Some((hi, rest)) = number(after)
        {
            return Some(((lo + hi) / 2.0, rest));
        }
    }
    Some((lo, rest))
}

/// The unit words of `rest`: lowercase, split at anything but letters.
fn unit(rest: &str) -> Vec<String> {
    rest.to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A `Duration` cell in weeks.
fn weeks(cell: &str) -> Option<f64> {
    let (n, rest) = amount(cell)?;
    let u = unit(rest);
    match u.first().map(String::as_str) {
        Some("week" | "weeks" | "wk" | "wks" | "w") if u.len() == 1 => Some(n),
        Some("day" | "days" | "d") if u.len() == 1 => Some(n / 7.0),
        _ => None,
    }
}

fn effort(cell: &str) -> Option<Effort> {
    let (n, rest) = amount(cell)?;
    let u = unit(rest);
    let hours = matches!(
        u.first().map(String::as_str),
        Some("hour" | "hours" | "hr" | "hrs" | "h")
    );
    if !hours {
        return None;
    }
    let per: Vec<&str> = u[1..]
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "per" | "a" | "each"))
        .collect();
    match per.as_slice() {
        [] => Some(Effort::Total(n)),
        ["week" | "wk" | "w"] => Some(Effort::PerWeek(n)),
        ["day" | "d"] => Some(Effort::PerDay(n)),
        _ => None,
    }
}

/// The estimate (as written and in minutes) from a row's `Duration` and `Effort` cells, or
/// a message saying what could not be read. `Ok(None)`: nothing to estimate from.
pub(crate) fn estimate(
    duration: Option<&str>,
    effort_cell: Option<&str>,
) -> Result<Option<(String, u32)>, String> {
    let duration = duration.filter(|d| !blank(d));
    let effort_cell = effort_cell.filter(|e| !blank(e));
    let Some(e) = effort_cell else {
        if let Some(d) = duration
            && weeks(d).is_none()
        {
            return Err(format!("could not read the duration `{}`", d.trim()));
        }
        return Ok(None);
    };
    let Some(e) = effort(e) else {
        return Err(format!("could not read the effort `{}`", e.trim()));
    };
    let weeks = match duration {
        Some(d) => {
            Some(weeks(d).ok_or_else(|| format!("could not read the duration `{}`", d.trim()))?)
        }
        None => None,
    };
    let hours = match (e, weeks) {
        (Effort::Total(h), _) => h,
        (Effort::PerWeek(h), Some(w)) => h * w,
        (Effort::PerDay(h), Some(w)) => h * w * 7.0,
        (_, None) => return Ok(None),
    };
    let minutes = (hours * 60.0).round();
    if minutes < 1.0 {
        return Ok(None);
    }
    if minutes > MAX_MINUTES {
        return Err(format!(
            "the estimate from `{}` × `{}` is longer than a year",
            duration.unwrap_or("").trim(),
            effort_cell.unwrap_or("").trim()
        ));
    }
    // At most MAX_MINUTES, so it fits.
    let minutes = minutes as u32;
    Ok(Some((format_minutes(u64::from(minutes)), minutes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeparse::parse_duration;

    fn est(d: &str, e: &str) -> Result<Option<(String, u32)>, String> {
        estimate(Some(d), Some(e))
    }

    #[test]
    fn estimates() {
        assert_eq!(
            est("14 weeks", "6-10 hours/week").unwrap(),
            Some(("112h".into(), 112 * 60))
        );
        assert_eq!(est("8 weeks", "10 hrs/wk").unwrap().unwrap().0, "80h");
        assert_eq!(est("1 week", "2.5 h/week").unwrap().unwrap().0, "2h30m");
        assert_eq!(
            est("3–5 weeks", "2 hours per week").unwrap().unwrap().0,
            "8h"
        );
        assert_eq!(est("14 days", "1 hour/day").unwrap().unwrap().0, "14h");
        assert_eq!(est("-", "20 hours").unwrap().unwrap().0, "20h");
        assert_eq!(est("10 days", "3 hours/week").unwrap().unwrap().0, "4h17m");
        assert_eq!(
            est("6 to 10 weeks", "1 hours a week").unwrap().unwrap().0,
            "8h"
        );
        assert_eq!(est("", "").unwrap(), None);
        assert_eq!(est("—", "6 hours/week").unwrap(), None);
        assert_eq!(estimate(Some("14 weeks"), None).unwrap(), None);
        assert!(
            est("3 months", "6 hours/week")
                .unwrap_err()
                .contains("3 months")
        );
        assert!(est("3 weeks", "lots").unwrap_err().contains("lots"));
        assert!(estimate(Some("many weeks"), None).is_err());
        assert!(
            est("1000 weeks", "100 hours/week")
                .unwrap_err()
                .contains("year")
        );
        for (d, e) in [("14 weeks", "6-10 hours/week"), ("10 days", "3 hours/week")] {
            let (text, minutes) = est(d, e).unwrap().unwrap();
            assert_eq!(parse_duration(&text), Ok(minutes));
        }
    }
}
