//! `cargo xtask test`: every test, arranged so a 2-core machine stays busy.
//!
//! Two lanes run side by side: the native tests (unit and headless Bevy
//! app tests) and the site build (wasm build, wasm-bindgen, assets). The
//! native build, at the lowest CPU priority, fills whatever core the site
//! build leaves idle, and during the browser tests what Chromium leaves
//! ([`yield_to_the_browser`]). The browser tests run against the built site; the
//! authoring viewer builds beside them and its own tests run last. A table of
//! every phase's start, end and duration closes the run.
//!
//! The default profile is `web` (opt-level 1, no LTO, no wasm-opt, no
//! precompressed copies), which keeps a cold run well inside CI's limit. `--profile dist`
//! tests what `cargo xtask dist` ships: fat LTO, wasm-opt, and the
//! `.br`/`.gz` copies, written on the other core while the browser tests run
//! (they do not read them).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::site::{self, Profile, Viewer};
use crate::{run_cmd, setup};

pub fn run(root: &Path, profile: Profile, browser_only: bool) -> Result<()> {
    let timeline = Timeline::new();
    timeline.phase("setup: wasm target", setup::ensure_wasm_target)?;
    // The wasm-bindgen CLI (compiled by `cargo install` on a fresh machine,
    // minutes of work) is needed only once the wasm is built: it compiles
    // beside the wasm build, filling the gaps where one crate holds the
    // build up, instead of before it.
    let bindgen_setup = {
        let (root, timeline) = (root.to_path_buf(), timeline.clone());
        thread::spawn(move || timeline.phase("setup: wasm-bindgen (beside the build)", || setup::ensure_wasm_bindgen(&root)))
    };
    // What only the browser tests need is fetched and installed (mostly
    // network and disk) while the wasm builds; they wait for it.
    let browser_setup = {
        let (root, timeline) = (root.to_path_buf(), timeline.clone());
        thread::spawn(move || {
            timeline.phase("setup: chromium, fonts, npm (beside the build)", || {
                setup::ensure_chromium()?;
                setup::ensure_node_packages(&root)
            })
        })
    };
    let out = match profile {
        Profile::Dist => root.join("dist"),
        Profile::Web => root.join("target/site"),
    };

    let native = (!browser_only).then(|| {
        let (root, timeline) = (root.to_path_buf(), timeline.clone());
        thread::spawn(move || native_tests(&root, &timeline))
    });
    let site_result = (|| {
        timeline.phase("feature parity of the two builds", || site::check_feature_parity(root))?;
        let wasm = timeline.phase("wasm build: visitor viewer", || site::wasm(root, profile, Viewer::Visitor))?;
        bindgen_setup
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the wasm-bindgen setup panicked")))?;
        timeline.phase("site: wasm-bindgen, wasm-opt, assets", || {
            site::assemble(root, profile, &wasm, &out)
        })
    })();
    let page_wasm = match site_result {
        Ok(wasm) => wasm,
        Err(e) => {
            // Let the native lane finish, so its failures show too.
            if let Some(Err(n)) = native.map(|t| t.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the native lane panicked")))) {
                eprintln!("xtask: native tests failed: {n:#}");
            }
            return Err(e);
        }
    };

    // The authoring viewer differs from the visitor's in three crates; it
    // builds (below the browser tests' priority) while the tests that do not
    // need it run, then its tests run.
    let author = {
        let (root, timeline, out) = (root.to_path_buf(), timeline.clone(), out.clone());
        thread::spawn(move || {
            let wasm = timeline.phase("wasm build: authoring (beside the tests)", || {
                site::wasm_with(niced(&root, 10), &root, profile, Viewer::Author)
            })?;
            let wasm = timeline.phase("site: authoring viewer's wasm-bindgen", || site::add_author(&root, &wasm, &out))?;
            if profile == Profile::Dist {
                timeline.phase("precompress the authoring viewer", || site::compress_author(&root, &wasm))?;
            }
            Ok::<_, anyhow::Error>(())
        })
    };
    // The browser tests need only the raw files; the precompressed copies
    // `dist/` ships are made on the other core meanwhile.
    let compress = (profile == Profile::Dist).then(|| {
        let (root, timeline, out, wasm) = (root.to_path_buf(), timeline.clone(), out.clone(), page_wasm.clone());
        thread::spawn(move || timeline.phase("precompress (brotli 11, gzip 9)", || site::compress(&root, &out, &wasm)))
    });
    browser_setup
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the browser setup panicked")))?;
    let (visitor_files, author_files) = browser_test_files(root)?;
    yield_to_the_browser();
    let visitor_result = timeline.phase("browser tests: visitor viewer", || browser_tests(root, &out, &visitor_files));
    let author_built = author
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the authoring build panicked")));
    let author_result = match author_built {
        Ok(()) => timeline.phase("browser tests: authoring viewer", || browser_tests(root, &out, &author_files)),
        Err(e) => Err(e.context("building the authoring viewer")),
    };
    let browser_result = visitor_result.and(author_result);
    let compress_result = compress.map(|t| t.join().unwrap_or_else(|_| Err(anyhow::anyhow!("compression panicked"))));
    // The browser tests did not wait for the native lane (at low priority,
    // it may still be compiling when the site is ready).
    let native_result = native.map(|t| t.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the native lane panicked"))));
    timeline.print();

    // Every lane ran to its end, so one run shows every failure.
    let mut failed = Vec::new();
    for (what, result) in [
        ("native tests", native_result.unwrap_or(Ok(()))),
        ("browser tests", browser_result),
        ("precompression", compress_result.unwrap_or(Ok(()))),
    ] {
        if let Err(e) = result {
            eprintln!("xtask: {what} failed: {e:#}");
            failed.push(what);
        }
    }
    if !failed.is_empty() {
        bail!("failed: {}", failed.join(", "));
    }
    Ok(())
}

/// The native lane: build every test target, then run them. Its output is
/// prefixed so it reads apart from the site lane's.
fn native_tests(root: &Path, timeline: &Timeline) -> Result<()> {
    timeline.phase("native tests: build", || {
        lane_cmd(
            "native",
            yielding_cargo(root).args(["test", "--workspace", "--all-targets", "--no-run"]),
        )
    })?;
    timeline.phase("native tests: run", || {
        lane_cmd("native", yielding_cargo(root).args(["test", "--workspace", "--all-targets"]))
    })?;
    // A bounded fuzzing run: every target for a few seconds from the
    // committed corpus (longer runs: `cargo xtask fuzz`).
    timeline.phase("fuzz: build, then 5 s per target", || {
        let bins = crate::fuzz::build(root, yielding_cargo(root))?;
        let outcomes = crate::fuzz::run(root, &bins, &crate::fuzz::TARGETS, 5, false, true)?;
        for line in crate::fuzz::report(&outcomes).lines() {
            println!("[native] {line}");
        }
        Ok(())
    })
}

/// The browser test files, split into those that run on the visitor viewer
/// and those that need the authoring viewer (`AUTHOR_TEST_FILES`).
fn browser_test_files(root: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let mut files: Vec<String> = std::fs::read_dir(setup::e2e_dir(root))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".test.mjs"))
        .collect();
    files.sort();
    let (author, visitor) = files.into_iter().partition(|f| AUTHOR_TEST_FILES.contains(&f.as_str()));
    Ok((visitor, author))
}

/// Browser test files that load `?author=1`, and so the authoring viewer.
const AUTHOR_TEST_FILES: &[&str] = &["authoring.test.mjs"];

fn browser_tests(root: &Path, site: &Path, files: &[String]) -> Result<()> {
    run_cmd(
        Command::new("node")
            .current_dir(setup::e2e_dir(root))
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .args(files)
            .env("PAVILION_SITE", site),
    )
}

/// Gives the browser the CPU over everything this run still has to build.
///
/// With autogroup scheduling (Linux's default, on here:
/// `/proc/sys/kernel/sched_autogroup_enabled`) niceness weighs only among
/// the processes of one session, and sessions share the CPU as equals.
/// Playwright starts Chromium in a session of its own, so the nice-19
/// native build beside the browser tests took half of the 2 cores from
/// Chromium all the same (measured with `ps`: two rustc at 75% and 25%
/// beside Chromium at 94%). Lowering this session's weight (the run, its
/// cargo lanes and the test runner) leaves them what Chromium does not
/// use. Where there is no such file, niceness alone works as intended.
fn yield_to_the_browser() {
    match std::fs::write("/proc/self/autogroup", "19") {
        Ok(()) => println!("xtask: this run's session now yields the CPU to the browser's (autogroup nice 19)"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => println!("xtask: could not lower this session's CPU share ({e}); the browser tests share the CPU with the builds"),
    }
}

/// cargo at the lowest CPU priority (`nice -n 19`, where there is `nice`):
/// the native lane then takes only the time the site lane leaves idle
/// (a crate that holds the build up, the link, wasm-opt), instead of
/// halving the cores of the wasm build, which is the longer road to the
/// browser tests.
fn yielding_cargo(root: &Path) -> Command {
    niced(root, 19)
}

/// cargo at CPU priority `niceness` (where there is `nice`).
fn niced(root: &Path, niceness: u8) -> Command {
    let nice = Command::new("nice").arg("true").status().is_ok_and(|s| s.success());
    let mut cmd = if nice {
        let mut c = Command::new("nice");
        c.args(["-n", &niceness.to_string(), "cargo"]);
        c
    } else {
        Command::new("cargo")
    };
    cmd.current_dir(root);
    cmd
}

/// Runs a command, printing each line of its output with `[lane]` in front.
fn lane_cmd(lane: &str, cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {shown}"))?;
    let relay = |stream: Box<dyn std::io::Read + Send>, to_stderr: bool| {
        let lane = lane.to_string();
        thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if to_stderr {
                    eprintln!("[{lane}] {line}");
                } else {
                    println!("[{lane}] {line}");
                }
            }
        })
    };
    let out = relay(Box::new(child.stdout.take().expect("piped")), false);
    let err = relay(Box::new(child.stderr.take().expect("piped")), true);
    let status = child.wait()?;
    let _ = (out.join(), err.join());
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// When each phase of the run started and ended, for the closing table.
#[derive(Clone)]
struct Timeline {
    start: Instant,
    phases: Arc<Mutex<Vec<Phase>>>,
}

struct Phase {
    name: String,
    from: Duration,
    to: Duration,
    ok: bool,
}

impl Timeline {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            phases: Arc::default(),
        }
    }

    fn phase<T>(&self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let from = self.start.elapsed();
        let result = f();
        let to = self.start.elapsed();
        println!("xtask: {name}: {:.0?}{}", to - from, if result.is_ok() { "" } else { " (failed)" });
        self.phases.lock().unwrap().push(Phase {
            name: name.to_string(),
            from,
            to,
            ok: result.is_ok(),
        });
        result
    }

    fn print(&self) {
        let mut phases = self.phases.lock().unwrap();
        phases.sort_by_key(|p| p.from);
        println!("\nxtask: where the time went (seconds from the start; lanes overlap)");
        println!("  {:<42} {:>6} {:>6} {:>6}", "phase", "start", "end", "took");
        for p in phases.iter() {
            println!(
                "  {:<42} {:>6.0} {:>6.0} {:>6.0}{}",
                p.name,
                p.from.as_secs_f64(),
                p.to.as_secs_f64(),
                (p.to - p.from).as_secs_f64(),
                if p.ok { "" } else { "  FAILED" }
            );
        }
        println!(
            "  {:<42} {:>6} {:>6} {:>6.0}",
            "everything",
            "",
            "",
            self.start.elapsed().as_secs_f64()
        );
    }
}
