//! Property tests of the one rule of what counts ([`super::Scope`]): under any roadmap of
//! tracks, pick-N groups and optional topics, any states and any track choice, the
//! percentage, `next` and the plan agree with each other. Compiled only for tests
//! (`#[cfg(test)] mod scope_tests;` in `report/mod.rs`).

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::plan::{PaceInput, plan};
use super::{Counts, Progress, Scope, next};
use crate::model::{State, Status};
use crate::roadmap::{Roadmap, Source, load};

/// A roadmap of `kinds.len()` topics in two sections; each topic's kind is 0 plain,
/// 1 java, 2 python, 3 optional, 4 in group `g` (pick `pick`); each may require an earlier
/// topic.
fn roadmap(kinds: &[(u8, Option<usize>)], pick: u32) -> Roadmap {
    let mut text = String::from(
        "[roadmap]\nid = \"p\"\ntitle = \"P\"\n\
         [[tracks]]\nid = \"java\"\ntitle = \"Java\"\n\
         [[tracks]]\nid = \"python\"\ntitle = \"Python\"\n",
    );
    let in_group = kinds.iter().filter(|(k, _)| *k == 4).count() as u32;
    if in_group > 0 {
        text += &format!(
            "[[groups]]\nid = \"g\"\ntitle = \"G\"\npick = {}\n",
            pick.clamp(1, in_group)
        );
    }
    for (i, (kind, req)) in kinds.iter().enumerate() {
        if i == 0 || i == kinds.len() / 2 {
            text += &format!("[[sections]]\nid = \"s{i}\"\ntitle = \"S{i}\"\n");
        }
        text += &format!(
            "[[sections.topics]]\nid = \"t{i}\"\ntitle = \"T{i}\"\nestimate = \"{}h\"\n",
            i % 5 + 1
        );
        match kind {
            1 => text += "track = \"java\"\n",
            2 => text += "track = \"python\"\n",
            3 => text += "optional = true\n",
            4 => text += "group = \"g\"\n",
            _ => {}
        }
        if let Some(r) = req.filter(|r| *r < i) {
            text += &format!("requires = [\"t{r}\"]\n");
        }
    }
    load(&Source {
        name: "p.toml".into(),
        text,
    })
    .unwrap()
}

fn state(n: u8) -> State {
    [State::Todo, State::Doing, State::Done, State::Skipped][usize::from(n % 4)]
}

fn input() -> PaceInput {
    let today = "2026-12-02".parse().unwrap();
    PaceInput {
        today,
        by: "2027-06-30".parse().unwrap(),
        planned_hours_per_week: 10.0,
        logged: HashMap::new(),
        minutes_last_4_weeks: 0,
        checked_last_4_weeks: vec![],
        first_day: None,
        given_hours_per_week: None,
        ratio: None,
    }
}

proptest! {
    #[test]
    fn the_total_next_and_the_plan_follow_one_rule(
        kinds in prop::collection::vec((0u8..5, prop::option::of(0usize..12)), 1..12),
        states in prop::collection::vec(0u8..4, 12),
        pick in 1u32..4,
        track in prop::option::of(prop::sample::select(vec!["java", "python", "cobol"])),
    ) {
        let r = roadmap(&kinds, pick);
        let statuses: Vec<Status> = (0..kinds.len())
            .map(|i| Status { state: state(states[i]), due: None })
            .collect();
        let p = Progress::new(&r, &statuses, Vec::new(), track);
        let chosen = p.track.as_deref();
        prop_assert_eq!(chosen, track.filter(|t| *t != "cobol"));

        for (row, topic) in p.topics.iter().zip(r.topics()) {
            // Off track exactly when the topic is another track's (or any track's, before
            // a choice).
            let off = topic.track.is_some() && topic.track.as_deref() != chosen;
            prop_assert_eq!(row.scope == Scope::OffTrack, off);
            // Started topics on track always count; plain ones always do.
            if !off && matches!(row.state, State::Doing | State::Done) {
                prop_assert_eq!(row.scope, Scope::Counted);
            }
            if !off && !topic.optional && topic.group.is_none() {
                prop_assert_eq!(row.scope, Scope::Counted);
            }
            if topic.optional && !matches!(row.state, State::Doing | State::Done) {
                prop_assert_eq!(row.scope, Scope::Optional);
            }
        }

        // A pick-N group counts max(N, started) of its topics, as far as it has them.
        if let Some(g) = r.groups.first() {
            let members: Vec<_> = p
                .topics
                .iter()
                .zip(r.topics())
                .filter(|(_, t)| t.group.as_deref() == Some("g"))
                .filter(|(row, _)| row.scope != Scope::OffTrack)
                .map(|(row, t)| (row, t.optional))
                .collect();
            let started = members
                .iter()
                .filter(|(row, _)| matches!(row.state, State::Doing | State::Done))
                .count();
            let fillers = members
                .iter()
                .filter(|(row, optional)| row.state == State::Todo && !optional)
                .count();
            let counted = members.iter().filter(|(row, _)| row.counts()).count();
            let wanted = (g.pick as usize).saturating_sub(started).min(fillers);
            prop_assert_eq!(counted, started + wanted);
        }

        // The total is the topics that count; the percentage is of those.
        let all = Counts::of(p.counted());
        let counted: Vec<_> = p.topics.iter().filter(|t| t.counts()).collect();
        prop_assert_eq!(all.total, counted.len());
        let done = counted.iter().filter(|t| t.state == State::Done).count();
        prop_assert_eq!(all.done, done);

        // `next` proposes only topics that count, todo, whose prerequisites are done,
        // skipped or out of scope.
        let proposed = next(&p, usize::MAX);
        let by_id: HashMap<&str, _> = p.topics.iter().map(|t| (&*t.id, t)).collect();
        for t in &proposed {
            prop_assert!(t.counts() && t.state == State::Todo);
            for req in t.requires {
                let r = by_id[req.as_str()];
                let out = r.scope == Scope::Optional || (r.scope == Scope::OffTrack && chosen.is_some());
                prop_assert!(matches!(r.state, State::Done | State::Skipped) || out);
            }
        }

        // The plan's remaining work is the open topics that count: nothing else.
        let plan = plan(&p, &input());
        let open: Vec<_> = counted
            .iter()
            .filter(|t| matches!(t.state, State::Todo | State::Doing))
            .collect();
        prop_assert_eq!(plan.remaining_topics, open.len());
        let open_ids: HashSet<&str> = open.iter().map(|t| &*t.id).collect();
        for t in &proposed {
            prop_assert!(open_ids.contains(&*t.id));
        }
        // Nothing left in the plan: 100% (or nothing to count), and nothing to propose.
        if open.is_empty() {
            prop_assert!(proposed.is_empty());
            prop_assert!(all.total == all.skipped || all.percent == 100.0);
        }
    }
}
