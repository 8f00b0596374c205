//! The release workflow (`.github/workflows/release.yml`) cannot run here: what can be
//! checked is. It is valid YAML (read by Python's yaml, Debian's python3-yaml, which
//! `.ci/run` installs); every target it builds is one Rust knows; each job builds
//! `--release --locked` for its target and packages a zip; the tag's release gets them.

use std::process::Command;

const WORKFLOW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/release.yml");

/// The workflow as JSON, converted by Python's yaml; `None` (with a notice) without it,
/// except under `CI=true`.
fn workflow() -> Option<serde_json::Value> {
    let output = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            WORKFLOW,
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            Some(serde_json::from_slice(&output.stdout).expect("JSON from Python"))
        }
        Ok(output) if String::from_utf8_lossy(&output.stderr).contains("No module named") => {
            crate::harness::skip_without(
                "Python's yaml is not installed: `apt-get install python3-yaml`, or run `.ci/run`",
            );
            None
        }
        Ok(output) => panic!(
            "release.yml is not valid YAML:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => {
            crate::harness::skip_without(&format!("no /usr/bin/python3 ({error})"));
            None
        }
    }
}

#[test]
fn the_release_workflow_builds_every_system_from_the_lock_file() {
    let Some(workflow) = workflow() else {
        return;
    };
    let known = Command::new("rustc")
        .args(["--print", "target-list"])
        .output()
        .expect("rustc runs");
    let known = String::from_utf8_lossy(&known.stdout);
    let build = &workflow["jobs"]["build"];
    let targets: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a matrix")
        .iter()
        .map(|entry| entry["target"].as_str().expect("a target"))
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-pc-windows-msvc",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "x86_64-unknown-linux-musl"
        ],
        "Windows, both Macs, static Linux"
    );
    for target in &targets {
        assert!(
            known.lines().any(|line| line == *target),
            "{target} is not a target rustc knows"
        );
    }
    let steps: Vec<String> = build["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|step| step["run"].as_str().map(str::to_string))
        .collect();
    assert!(
        steps
            .iter()
            .any(|run| run.contains("cargo build --release --locked --target ${{ matrix.target }}")),
        "{steps:?}"
    );
    assert!(steps.iter().any(|run| run.contains(".zip")), "{steps:?}");
    let release = &workflow["jobs"]["release"];
    assert_eq!(release["needs"], "build");
    assert!(
        release["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|step| step["with"]["files"] == "dist/*.zip"),
        "{release}"
    );
}
