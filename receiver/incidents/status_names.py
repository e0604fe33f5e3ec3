"""What people read for each incident status, in English and Korean: one table for Slack and
the web console alike (the statuses themselves are receiver.incidents.model's)."""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ko")

STATUS_NAMES: dict[str, dict[Language, str]] = {
    "received": {"en": "received", "ko": "접수됨"},
    "analyzing": {"en": "analyzing", "ko": "분석 중"},
    "awaiting_approval": {"en": "awaiting approval", "ko": "승인 대기 중"},
    "advising": {"en": "advice only", "ko": "조언만 제공"},
    "committing": {"en": "committing", "ko": "커밋 중"},
    "awaiting_merge": {"en": "awaiting merge", "ko": "병합 대기 중"},
    "pr_open": {"en": "pull request open", "ko": "풀 리퀘스트 열림"},
    "verifying": {"en": "verifying recovery", "ko": "복구 확인 중"},
    "committed": {"en": "committed", "ko": "커밋됨"},
    "recovered": {"en": "recovered", "ko": "복구됨"},
    "not_recovered": {"en": "not recovered", "ko": "복구되지 않음"},
    "rejected": {"en": "rejected", "ko": "거절됨"},
    "closed": {"en": "closed", "ko": "종료됨"},
    "acknowledged": {"en": "acknowledged", "ko": "확인됨"},
    "commit_failed": {"en": "commit failed", "ko": "커밋 실패"},
    "dry_run": {"en": "dry run", "ko": "시험 실행"},
    "failed": {"en": "failed", "ko": "실패"},
    "unknown": {"en": "unknown", "ko": "알 수 없음"},
}


def status_name(status: str, language: Language) -> str:
    """The short human name of an incident status; an unknown status is returned unchanged."""
    names = STATUS_NAMES.get(status)
    return names[language] if names else status
