//! Upgrades: a store written by an earlier `roadmap` keeps every bit of progress under
//! today's binary (tests/fixtures/upgrade/README.md says how the store was made).

mod common;

use common::{Env, fixture};

/// A store from before the cache became postcard, whose roadmap renamed a topic, meets a
/// roadmap file that dropped the rename: the topic keeps its progress through the earlier
/// name, as it did before the upgrade.
#[test]
fn renames_made_before_an_upgrade_carry_over() {
    let mut env = Env::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::copy(fixture("upgrade/store-0.1.db"), env.db()).unwrap();
    let roadmap = env.path("roadmap.toml");
    std::fs::copy(fixture("upgrade/v3.toml"), &roadmap).unwrap();
    env.roadmap = Some(roadmap);
    assert_eq!(
        env.run(&["list"]).ok(),
        "ID         STATE  SECTION  EST  TITLE\n\
         sql-joins  done   basics   2h   SQL joins\n\
         indexes    todo   basics        Indexes\n"
    );
    let events = env.json(&["history", "--topic", "sql-joins"]);
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["log", "check"]);
    // The next edit syncs from the store's new copy, which kept the rename.
    std::fs::write(
        env.roadmap.as_ref().unwrap(),
        std::fs::read_to_string(fixture("upgrade/v3.toml"))
            .unwrap()
            .replace("title = \"Indexes\"", "title = \"Indexes and plans\""),
    )
    .unwrap();
    let after = env.run(&["list"]).ok();
    assert!(after.contains("sql-joins  done "), "{after}");
}
