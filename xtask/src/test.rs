//! `cargo xtask test`: unit and headless-app tests, then the browser
//! end-to-end tests against a freshly built site.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::Result;

use crate::site::{self, Profile};
use crate::{run_cmd, setup};

pub fn run(root: &Path, profile: Profile, browser_only: bool) -> Result<()> {
    let started = Instant::now();
    if !browser_only {
        run_cmd(
            Command::new("cargo")
                .current_dir(root)
                .args(["test", "--workspace", "--all-targets"]),
        )?;
        println!("xtask: native tests took {:.0?}", started.elapsed());
    }
    setup::ensure_chromium()?;
    setup::ensure_node_packages(root)?;
    let out = match profile {
        Profile::Dist => root.join("dist"),
        Profile::Web => root.join("target/site"),
    };
    site::build(root, profile, &out)?;
    let e2e = setup::e2e_dir(root);
    let browser_started = Instant::now();
    run_cmd(
        Command::new("node")
            .current_dir(&e2e)
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .env("PAVILION_SITE", &out),
    )?;
    println!(
        "xtask: browser tests took {:.0?}; everything took {:.0?}",
        browser_started.elapsed(),
        started.elapsed()
    );
    Ok(())
}
