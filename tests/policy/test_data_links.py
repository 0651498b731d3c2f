"""Issue 25, R3-15: `--data` stays inside the folder it is given. A symbolic link to `/` made zjtx walk the
whole file system (24,742 problems in 4.3 s); a link to `/etc/passwd` echoed its first line in the error.
A link that leaves the folder is now one error naming the link, not followed, and the content of a file
that is not a policy document is never shown."""

from __future__ import annotations

import os

from test_data_check import BASE  # a valid document: test.one pays 最高50万 for a national 小巨人

from conftest import EXAMPLES, run

SECRET = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def _folder(tmp_path):
    d = tmp_path / "policies"
    d.mkdir()
    (d / "doc.yaml").write_text(BASE, encoding="utf-8")
    return d


def _errors(*args: str) -> list[str]:
    result = run(*args)
    assert result.exit_code == 1 and result.stdout == "", result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("zjtx: error: ")]


def test_a_link_to_the_root_is_one_error_and_not_walked(tmp_path):
    d = _folder(tmp_path)
    os.symlink("/", d / "everything")
    expected = [
        f"zjtx: error: {d}/everything: a symbolic link to /, outside {d}; not followed: "
        "a link must stay inside its data folder (copy the file in instead)"
    ]
    assert _errors("data", "check", str(d)) == expected
    assert _errors("check", str(EXAMPLES / "weifang.toml"), "--data", str(d)) == expected


def test_a_link_to_a_file_outside_is_refused_unread(tmp_path):
    d = _folder(tmp_path)
    (tmp_path / "passwd").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "passwd", d / "users.yaml")
    os.symlink("../passwd", d / "relative.yml")
    errors = _errors("data", "check", str(d))
    assert errors == [
        f"zjtx: error: {d}/relative.yml: a symbolic link to ../passwd, outside {d}; not followed: "
        "a link must stay inside its data folder (copy the file in instead)",
        f"zjtx: error: {d}/users.yaml: a symbolic link to {tmp_path}/passwd, outside {d}; not followed: "
        "a link must stay inside its data folder (copy the file in instead)",
    ]


def test_the_content_of_a_file_that_is_not_a_policy_document_is_never_shown(tmp_path):
    d = _folder(tmp_path)
    (d / "passwd.yaml").write_text(SECRET, encoding="utf-8")  # YAML reads it as one plain text
    (d / "hosts.yaml").write_text("127.0.0.1 localhost\n", encoding="utf-8")
    errors = _errors("data", "check", str(d))
    assert errors == [
        f"zjtx: error: {d}/hosts.yaml: document: expected a mapping with id, city, title, window and measures; "
        "got plain text of 19 characters (not shown); is this a policy file?",
        f"zjtx: error: {d}/passwd.yaml: document: expected a mapping with id, city, title, window and measures; "
        f"got plain text of {len(' '.join(SECRET.split()))} characters (not shown); is this a policy file?",
    ]
    assert not any(word in "".join(errors) for word in ("daemon", "/bin/bash", "localhost"))


def test_links_inside_the_folder_are_still_followed(tmp_path):
    d = tmp_path / "policies"
    (d / ".store").mkdir(parents=True)  # hidden: read only through the link
    (d / ".store" / "doc.yaml").write_text(BASE, encoding="utf-8")
    os.symlink(".store/doc.yaml", d / "doc.yaml")
    os.symlink(d, tmp_path / "alias")  # the folder given through a link: its target is the tree
    for folder in (d, tmp_path / "alias"):
        result = run("data", "check", str(folder))
        assert result.exit_code == 0, result.stderr
