"""The Windows installer scripts and workflow, checked as far as Linux can: structure and lint.

Inno Setup and WiX do not run here, so their scripts are checked for what the release promises
(per-user without admin rights / per-machine and silent, Start menu, uninstall, file types,
licence files); actionlint checks the workflow when it is on PATH.
"""

import configparser
import re
import shutil
import subprocess
import sys

import pytest
from lxml import etree

from tests.conftest import ROOT

WINDOWS = ROOT / "packaging" / "windows"
WIX = "{http://wixtoolset.org/schemas/v4/wxs}"
POLICY_TYPES = (".docx", ".odt", ".pdf", ".md")


def windows_path(relative: str):
    """Returns a path written the Windows way (..\\x), relative to the scripts' folder."""
    return (WINDOWS / relative.replace("\\", "/")).resolve()


def inno_sections() -> dict[str, list[str]]:
    """Returns the .iss script's lines by [Section] (comments and preprocessor lines left out)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in (WINDOWS / "PolicyConsolidator.iss").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith((";", "#")):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


def test_the_inno_setup_installer_is_per_user_with_start_menu_uninstall_and_file_types():
    sections = inno_sections()
    setup = configparser.ConfigParser(interpolation=None, strict=False)
    setup.optionxform = str
    setup.read_string("[Setup]\n" + "\n".join(sections["Setup"]))
    options = dict(setup["Setup"])
    assert options["PrivilegesRequired"] == "lowest"  # no administrator rights
    assert options["DefaultDirName"] == r"{autopf}\{#AppName}"  # per user: %LOCALAPPDATA%\Programs
    assert options["ChangesAssociations"] == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", options["AppId"])
    for key in ("LicenseFile", "SetupIconFile"):
        assert windows_path(options[key]).is_file(), key
    assert any(line.startswith('Name: "{autoprograms}') for line in sections["Icons"])
    registry = "\n".join(sections["Registry"])
    assert "Root: HKLM" not in registry  # HKA is HKEY_CURRENT_USER in a per-user install
    assert r'Subkey: "Software\Classes\.pcsession"' in registry
    assert r'{#SessionProgId}\shell\open\command"' in registry and '""%1""' in registry
    for suffix in POLICY_TYPES:
        assert rf'Subkey: "Software\Classes\{suffix}\OpenWithProgids"' in registry, suffix
    text = (WINDOWS / "PolicyConsolidator.iss").read_text(encoding="utf-8")
    for required in ("LICENSE.txt", "THIRD-PARTY-NOTICES.txt"):
        assert required in text  # refuses to build without them


def test_the_msi_is_per_machine_upgradable_and_registers_the_same_file_types():
    root = etree.parse(str(WINDOWS / "PolicyConsolidator.wxs")).getroot()
    package = root.find(f"{WIX}Package")
    assert package.get("Scope") == "perMachine"
    assert re.fullmatch(r"[0-9A-F-]{36}", package.get("UpgradeCode"))
    assert package.find(f"{WIX}MajorUpgrade") is not None
    files = root.find(f".//{WIX}Files")
    assert files.get("Include") == r"!(bindpath.AppDir)\**"  # the whole build folder
    assert windows_path(root.find(f".//{WIX}Icon").get("SourceFile")).is_file()
    assert root.find(f".//{WIX}Shortcut").get("Target") == "[INSTALLFOLDER]PolicyConsolidator.exe"
    keys = {(v.get("Key"), v.get("Name")) for v in root.iter(f"{WIX}RegistryValue")}
    assert (r"Software\Classes\.pcsession", None) in keys
    for suffix in POLICY_TYPES:
        assert (rf"Software\Classes\{suffix}\OpenWithProgids", "$(var.DocumentProgId)") in keys
    path = root.find(f".//{WIX}Environment")
    assert (path.get("Name"), path.get("System"), path.get("Permanent")) == ("PATH", "yes", "no")
    referenced = {r.get("Id") for r in root.iter(f"{WIX}ComponentRef")}
    assert referenced == {c.get("Id") for c in root.iter(f"{WIX}Component")}


def test_the_build_writes_the_files_the_installers_require():
    spec = (ROOT / "packaging" / "policy_consolidator.spec").read_text(encoding="utf-8")
    assert '"LICENSE.txt"' in spec and '"THIRD-PARTY-NOTICES.txt"' in spec
    assert 'CLI_NAME = "policy-consolidator"' in spec and 'APP_NAME = "PolicyConsolidator"' in spec


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not on PATH")
def test_the_workflows_pass_actionlint():
    result = subprocess.run(["actionlint", "-no-color"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", sorted((ROOT / ".github" / "workflows").glob("*.yml")),
                         ids=lambda p: p.name)
def test_the_workflows_follow_githubs_workflow_schema(workflow):
    """Every workflow is one GitHub would accept (keys, events, job and step fields), checked
    against the workflow schema check-jsonschema ships (no network); actionlint, when on PATH,
    checks more (expressions, shell scripts)."""
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(workflow)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
