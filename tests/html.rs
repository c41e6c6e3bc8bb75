//! The HTML report in a real headless browser (Debian's chromium): the page
//! loads with no console error and shows one lane per thread of the trace.
//! Skipped when no chromium is installed, unless INTERLEAVE_REQUIRE_BROWSER
//! is set (CI installs chromium and sets it).

use interleave::{Options, check_file, report::render_html};
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

#[test]
fn html_report_loads_in_a_browser_and_shows_every_lane() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("INTERLEAVE_REQUIRE_BROWSER").is_none(), "chromium is required but not installed");
        eprintln!("chromium not found: skipping the browser test");
        return;
    };
    let dir = std::env::temp_dir().join(format!("interleave-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for model in ["abba_deadlock", "teacher_students", "balance"] {
        let path = format!("{}/models/{model}.py", env!("CARGO_MANIFEST_DIR"));
        let report = check_file(&path, &Options::default()).unwrap();
        let html = render_html(&report);
        // Nothing is fetched: the only URL is the SVG namespace.
        assert!(html.replace("http://www.w3.org/2000/svg", "").find("http").is_none(), "no network references");
        assert!(!html.contains("<script"), "the page must be self-contained and script-free");
        let file = dir.join(format!("{model}.html"));
        std::fs::write(&file, &html).unwrap();
        let out = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", dir.join(format!("profile-{model}")).display()))
            .arg(format!("file://{}", file.display()))
            .output()
            .expect("chromium runs");
        let dom = String::from_utf8_lossy(&out.stdout);
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{model}: chromium failed: {log}");
        let console_errors: Vec<&str> =
            log.lines().filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load resource")).collect();
        assert!(console_errors.is_empty(), "{model}: console errors: {console_errors:?}");
        let f = &report.findings[0];
        let mut threads: Vec<&str> = f.trace.steps.iter().map(|s| s.thread.as_str()).collect();
        threads.sort();
        threads.dedup();
        assert!(!threads.is_empty());
        for t in threads {
            let lane = format!("class=\"lane\" data-thread=\"{t}\"");
            assert!(dom.contains(&lane), "{model}: the rendered page has no lane for {t}");
        }
        assert!(dom.contains(&format!("data-kind=\"{}\"", f.kind.id())), "{model}: finding section missing");
    }
    std::fs::remove_dir_all(&dir).ok();
}
