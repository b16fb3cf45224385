//! Calibration: how long finished topics took the learner against the roadmap's estimates,
//! per topic, per section and overall (`roadmap estimates`); once enough topics say so,
//! `plan` and the schedule scale the remaining estimates by the overall ratio.
//!
//! A topic counts here when it is done, has an estimate, and has time logged on it (under
//! its own id or one it was renamed from). Pure functions of their inputs.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::State;

use super::{Progress, RoadmapRef};

/// How many finished topics with time logged it takes before `plan` applies the ratio.
pub const MIN_TOPICS: usize = 5;

/// One finished topic: its estimate and the time logged on it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicTime {
    pub id: String,
    pub section: String,
    pub title: String,
    /// The estimate as the roadmap writes it (`3h`).
    pub estimate: String,
    pub estimate_minutes: u64,
    pub logged_minutes: u64,
    /// logged / estimate, to two decimals.
    pub ratio: f64,
}

/// The topics of one section, or of the whole roadmap, summed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ratio {
    /// The section's id (absent for the whole roadmap).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub topics: usize,
    pub estimate_minutes: u64,
    pub logged_minutes: u64,
    /// Sum logged / sum estimated, to one decimal; null with no topic.
    pub ratio: Option<f64>,
}

/// `roadmap estimates`: every finished topic with time logged, the sections' and the
/// overall ratio, and whether `plan` applies it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Calibration {
    pub roadmap: RoadmapRef,
    pub topics: Vec<TopicTime>,
    /// Sections with at least one such topic, in roadmap order.
    pub sections: Vec<Ratio>,
    pub overall: Ratio,
    /// Whether `plan` and the schedule scale the remaining estimates by the overall ratio
    /// (at least [`MIN_TOPICS`] topics).
    pub applied: bool,
    pub min_topics: usize,
}

impl Calibration {
    /// The ratio `plan` applies, if enough topics back it.
    pub fn applied_ratio(&self) -> Option<f64> {
        self.overall.ratio.filter(|_| self.applied)
    }
}

/// The ratio of `logged` to `estimate` to `decimals` places, at least the smallest such
/// step above zero (an hour logged against a thousand estimated is not "0×").
fn ratio(logged: u64, estimate: u64, decimals: i32) -> Option<f64> {
    if estimate == 0 {
        return None;
    }
    let scale = 10f64.powi(decimals);
    let r = (logged as f64 / estimate as f64 * scale).round() / scale;
    Some(r.max(1.0 / scale))
}

fn sum(id: Option<(&str, &str)>, rows: &[&TopicTime]) -> Ratio {
    let estimate_minutes = rows.iter().map(|t| t.estimate_minutes).sum();
    let logged_minutes = rows.iter().map(|t| t.logged_minutes).sum();
    Ratio {
        id: id.map(|(i, _)| i.to_string()),
        title: id.map(|(_, t)| t.to_string()),
        topics: rows.len(),
        estimate_minutes,
        logged_minutes,
        ratio: ratio(logged_minutes, estimate_minutes, 1),
    }
}

/// Compares time with estimates. `logged` holds the minutes of each topic id, and
/// `former` the ids each topic was renamed from (their time counts as the topic's).
pub fn calibrate(
    progress: &Progress,
    logged: &HashMap<String, u64>,
    former: &HashMap<&str, &[String]>,
) -> Calibration {
    let topics: Vec<TopicTime> = progress
        .topics
        .iter()
        .filter(|t| !t.retired && t.state == State::Done)
        .filter_map(|t| {
            let estimate = u64::from(t.estimate_minutes.filter(|m| *m > 0)?);
            let own = logged.get(&*t.id).copied().unwrap_or(0);
            let before: u64 = former
                .get(&*t.id)
                .map(|ids| ids.iter().filter_map(|i| logged.get(i)).sum())
                .unwrap_or(0);
            let minutes = own + before;
            (minutes > 0).then(|| TopicTime {
                id: t.id.to_string(),
                section: t.section.to_string(),
                title: t.title.to_string(),
                estimate: t.estimate.unwrap_or_default().to_string(),
                estimate_minutes: estimate,
                logged_minutes: minutes,
                ratio: ratio(minutes, estimate, 2).unwrap_or(1.0),
            })
        })
        .collect();
    let sections = progress
        .sections
        .iter()
        .filter_map(|(id, title)| {
            let rows: Vec<&TopicTime> = topics.iter().filter(|t| t.section == *id).collect();
            (!rows.is_empty()).then(|| sum(Some((id, title)), &rows))
        })
        .collect();
    let all: Vec<&TopicTime> = topics.iter().collect();
    let overall = sum(None, &all);
    Calibration {
        roadmap: progress.roadmap.clone(),
        applied: topics.len() >= MIN_TOPICS,
        topics,
        sections,
        overall,
        min_topics: MIN_TOPICS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plan::tests::progress;

    fn done(ids: &[&'static str]) -> Vec<(&'static str, State, Option<&'static str>)> {
        ids.iter().map(|id| (*id, State::Done, None)).collect()
    }

    #[test]
    fn ratios_per_topic_section_and_overall() {
        let p = progress(&done(&["a", "b", "c", "d"]));
        let logged: HashMap<String, u64> = [("a", 900), ("b", 600), ("d", 500), ("x", 60)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let c = calibrate(&p, &logged, &HashMap::new());
        // c has no time, d no estimate: a and b count.
        let ids: Vec<&str> = c.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(c.topics[0].ratio, 1.5);
        assert_eq!(c.topics[1].ratio, 1.0);
        assert_eq!(
            (c.overall.estimate_minutes, c.overall.logged_minutes),
            (1200, 1500)
        );
        assert_eq!(c.overall.ratio, Some(1.3));
        assert_eq!(c.sections.len(), 1);
        assert!(!c.applied);
        assert_eq!(c.applied_ratio(), None);
    }

    #[test]
    fn time_under_a_former_id_counts() {
        let p = progress(&done(&["a"]));
        let logged: HashMap<String, u64> = [("old-a".to_string(), 300)].into_iter().collect();
        let former_ids = vec!["old-a".to_string()];
        let former: HashMap<&str, &[String]> = [("a", former_ids.as_slice())].into_iter().collect();
        let c = calibrate(&p, &logged, &former);
        assert_eq!(c.topics[0].logged_minutes, 300);
        assert_eq!(c.topics[0].ratio, 0.5);
    }
}
