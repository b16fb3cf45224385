//! The manual page: one page, `roadmap(1)`, with every command and its options in it.
//!
//! clap_mangen writes a page per command and points to the others (`roadmap-status(1)`),
//! which would mean installing two dozen files; here the commands are sections of one page,
//! written from the same clap definitions that parse the command line.

use std::io::Write;

use clap::{Arg, Command, CommandFactory};
use roff::{Inline, Roff, bold, italic, roman};

use crate::cli::Cli;

/// Writes the page as roff.
pub fn write(out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let version = cmd.get_version().unwrap_or_default().to_owned();
    let mut page = Roff::new();
    page.control(
        "TH",
        [
            "roadmap",
            "1",
            "",
            &format!("roadmap {version}"),
            "User Commands",
        ],
    );

    page.control("SH", ["NAME"]);
    page.text([roman(format!("roadmap - {}", about(&cmd)))]);

    page.control("SH", ["SYNOPSIS"]);
    page.text([
        bold("roadmap"),
        roman(" ["),
        italic("OPTIONS"),
        roman("] "),
        italic("COMMAND"),
        roman(" ["),
        italic("ARGS"),
        roman("]"),
    ]);

    page.control("SH", ["DESCRIPTION"]);
    page.text([roman(
        "Tracks your progress through a roadmap of topics (TOML), kept as events in a \
         local SQLite store. The built-in roadmap covers backend engineering; yours can \
         replace it.",
    )]);

    page.control("SH", ["OPTIONS"]);
    page.text([roman("These options go before or after any command.")]);
    for arg in cmd.get_arguments().filter(|a| shown(a)) {
        option(&mut page, arg);
    }

    page.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands_mut() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let usage = sub.render_usage().to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim().to_owned();
        page.control("SS", [usage.as_str()]);
        page.text([roman(about(sub))]);
        for arg in sub
            .get_arguments()
            .filter(|a| shown(a) && !a.is_global_set())
        {
            option(&mut page, arg);
        }
        if let Some(example) = sub.get_after_help() {
            example_block(&mut page, &example.to_string());
        }
    }

    if let Some(examples) = cmd.get_after_help() {
        page.control("SH", ["EXAMPLES"]);
        example_block(&mut page, &examples.to_string());
    }

    page.control("SH", ["ENVIRONMENT"]);
    for (name, what) in [
        ("ROADMAP_DB", "The store, as --db."),
        ("ROADMAP_FILE", "The roadmap file, as --roadmap."),
        ("NO_COLOR", "Set and not empty: no colour."),
        (
            "CLICOLOR_FORCE",
            "Set and not 0: colour even when not on a terminal.",
        ),
        ("COLUMNS", "The terminal width to fit tables to."),
        ("TZ", "The time zone that days and weeks are counted in."),
    ] {
        page.control("TP", []);
        page.text([bold(name)]);
        page.text([roman(what)]);
    }

    page.control("SH", ["EXIT STATUS"]);
    page.text([roman(
        "0 on success; 2 for bad input (an unknown topic, a bad date, an invalid roadmap \
         or import file), with one error line on standard error and the store unchanged; \
         1 for anything else (the store cannot be opened or written).",
    )]);
    out.write_all(page.render().as_bytes())
}

fn shown(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_id().as_str(), "help" | "version")
}

fn about(cmd: &Command) -> String {
    cmd.get_about().map(ToString::to_string).unwrap_or_default()
}

/// An option or argument as a tagged paragraph: `--on DATE`, then its help.
fn option(page: &mut Roff, arg: &Arg) {
    let mut tag: Vec<Inline> = Vec::new();
    let names = arg.get_value_names().unwrap_or_default();
    if let Some(long) = arg.get_long() {
        if let Some(short) = arg.get_short() {
            tag.push(bold(format!("-{short}")));
            tag.push(roman(", "));
        }
        tag.push(bold(format!("--{long}")));
        let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
        if takes_value {
            let name = names.first().map_or("VALUE", |n| n.as_str());
            tag.push(roman(" "));
            tag.push(italic(name));
        }
    } else {
        let name = names
            .first()
            .map_or_else(|| arg.get_id().as_str().to_uppercase(), |n| n.to_string());
        tag.push(italic(name));
    }
    page.control("TP", []);
    page.text(tag);
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !values.is_empty() {
        help.push_str(&format!(" (one of: {})", values.join(", ")));
    }
    page.text([roman(help)]);
}

/// The `Example:` text of a command's help, kept as it is laid out.
fn example_block(page: &mut Roff, text: &str) {
    page.control("PP", []);
    page.control("nf", []);
    page.control("RS", ["4"]);
    // The `Example:` label of --help is left out: the indented block says it.
    for line in text.lines().filter(|l| !l.starts_with("Example")) {
        page.text([roman(line.trim_start())]);
    }
    page.control("RE", []);
    page.control("fi", []);
}
