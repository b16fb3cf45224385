//! The learner's settings kept in the store: the weekly study target, the target date, and
//! the roadmap in use.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Result;
use crate::store::Store;

/// The weekly study target when none is set, in hours (the guides suggest about ten).
pub const DEFAULT_HOURS_PER_WEEK: f64 = 10.0;

const HOURS_PER_WEEK: &str = "hours_per_week";
const TARGET_DATE: &str = "target_date";
pub(crate) const ROADMAP_IN_USE: &str = "roadmap";

/// The id of the roadmap chosen with `use` (or `add`), if any. An empty value is no choice:
/// `remove` of the roadmap in use returns to the default.
pub fn in_use(store: &Store) -> Result<Option<String>> {
    Ok(store.setting(ROADMAP_IN_USE)?.filter(|v| !v.is_empty()))
}

/// Remembers `id` as the roadmap in use (`""`: the default again).
pub fn set_in_use(store: &mut Store, id: &str, at: DateTime<Utc>) -> Result<()> {
    store.set_settings(&[(ROADMAP_IN_USE, id.to_string())], at)
}

/// The weekly study target, in hours.
pub fn hours_per_week(store: &Store) -> Result<f64> {
    Ok(store
        .setting(HOURS_PER_WEEK)?
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|h| h.is_finite() && *h > 0.0)
        .unwrap_or(DEFAULT_HOURS_PER_WEEK))
}

/// The weekly study target, in minutes.
pub fn weekly_target_minutes(store: &Store) -> Result<u64> {
    Ok((hours_per_week(store)? * 60.0).round() as u64)
}

/// The date the learner wants to finish by, if set.
pub fn target_date(store: &Store) -> Result<Option<NaiveDate>> {
    Ok(store
        .setting(TARGET_DATE)?
        .and_then(|v| v.parse::<NaiveDate>().ok()))
}

/// Stores the weekly target and/or the target date, as changed at `at`.
pub fn save(
    store: &mut Store,
    hours: Option<f64>,
    by: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> Result<()> {
    let mut pairs = Vec::new();
    if let Some(h) = hours {
        pairs.push((HOURS_PER_WEEK, h.to_string()));
    }
    if let Some(d) = by {
        pairs.push((TARGET_DATE, d.to_string()));
    }
    if pairs.is_empty() {
        return Ok(());
    }
    store.set_settings(&pairs, at)
}

/// One change of a setting, as the settings log keeps it and `sync` writes it, one JSON
/// object a line: `{"key":"hours_per_week","value":"8","at":"2026-11-20T18:30:00Z"}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SettingChange {
    pub key: String,
    pub value: String,
    pub at: DateTime<Utc>,
}
