"""Every text the web console shows, in English and Korean, and the helpers that pick one.

Templates get a `t(key, **fields)` that fills a `str.format` template of the page's language;
Jinja escapes what it prints, so nothing here escapes. Statuses are shown by these names (not
by colour alone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from receiver.incidents.status_names import LANGUAGES, STATUS_NAMES, Language, status_name

__all__ = ["LANGUAGES", "STATUS_NAMES", "Language", "status_text", "translator"]


TEXTS: dict[str, dict[Language, str]] = {
    "model_title": {"en": "The model's view", "ko": "모델의 판단"},
    "model_name": {"en": "Model: {model}", "ko": "모델: {model}"},
    "model_used": {"en": "Taken from the model:", "ko": "모델에서 가져온 것:"},
    "part_category": {"en": "category", "ko": "분류"},
    "part_root_cause": {"en": "root cause", "ko": "근본 원인"},
    "part_actions": {"en": "actions", "ko": "조치"},
    "part_remediation": {"en": "values change", "ko": "values 변경"},
    "model_fix": {
        "en": "The values change is the model's: no policy approves it on its own.",
        "ko": "values 변경은 모델이 정했습니다: 정책이 자동 승인하지 않습니다.",
    },
    "model_disagreed": {
        "en": "The model says {category}; the rules' signal decides:",
        "ko": "모델의 판단은 {category}이지만 규칙의 신호로 결정합니다:",
    },
    "model_failed": {
        "en": "No usable answer; the rules' analysis stands.",
        "ko": "쓸 수 있는 답이 없어 규칙 분석을 유지합니다.",
    },
    "title": {"en": "alertgraph console", "ko": "alertgraph 콘솔"},
    "skip": {"en": "Skip to content", "ko": "본문으로 건너뛰기"},
    "nav_incidents": {"en": "Incidents", "ko": "인시던트"},
    "nav_signout": {"en": "Sign out", "ko": "로그아웃"},
    "nav_learning": {"en": "Learning", "ko": "학습"},
    "nav_health": {"en": "Health", "ko": "상태"},
    "learning_title": {"en": "What the feedback loop learned", "ko": "피드백 루프가 학습한 내용"},
    "learning_help": {
        "en": "Per category and app: each action taken, how often it worked or failed.",
        "ko": "분류와 앱별로 취한 조치와 그 성공·실패 횟수입니다.",
    },
    "learning_action": {"en": "Action", "ko": "조치"},
    "learning_result": {"en": "Result", "ko": "결과"},
    "learning_successes": {"en": "Worked", "ko": "성공"},
    "learning_failures": {"en": "Failed", "ko": "실패"},
    "learning_improved": {"en": "Better next time", "ko": "다음에 나은 조치"},
    "learning_incidents": {"en": "From incidents", "ko": "근거 인시던트"},
    "learning_none": {
        "en": "Nothing learned yet: the feedback loop has not run or had no outcomes.",
        "ko": "아직 학습한 내용이 없습니다: 피드백 루프가 실행되지 않았거나 결과가 없습니다.",
    },
    "result_worked": {"en": "worked", "ko": "성공"},
    "result_failed": {"en": "failed", "ko": "실패"},
    "result_mixed": {"en": "mixed", "ko": "혼합"},
    "health_title": {"en": "Service health", "ko": "서비스 상태"},
    "health_queue": {"en": "Alerts waiting in the queue", "ko": "큐에서 대기 중인 알림"},
    "health_open": {"en": "Open incidents", "ko": "열린 인시던트"},
    "health_refused": {"en": "Alerts refused since start", "ko": "시작 후 거부된 알림"},
    "health_backends": {"en": "Backends", "ko": "백엔드"},
    "health_backend": {"en": "Backend", "ko": "백엔드"},
    "health_state": {"en": "State", "ko": "상태"},
    "signed_in_as": {"en": "Signed in as {name} ({role})", "ko": "{name}({role})로 로그인됨"},
    "language": {"en": "Language", "ko": "언어"},
    # sign-in
    "login_title": {"en": "Sign in", "ko": "로그인"},
    "login_help": {
        "en": "Enter your API key once; the browser keeps a session for {hours} hours.",
        "ko": "API 키를 한 번 입력하면 브라우저가 {hours}시간 동안 세션을 유지합니다.",
    },
    "login_key": {"en": "API key", "ko": "API 키"},
    "login_submit": {"en": "Sign in", "ko": "로그인"},
    "login_failed": {"en": "That key is not valid.", "ko": "유효하지 않은 키입니다."},
    # list
    "incidents_title": {"en": "Incidents", "ko": "인시던트"},
    "filters": {"en": "Filters", "ko": "필터"},
    "filter_status": {"en": "Status", "ko": "상태"},
    "filter_any": {"en": "any", "ko": "전체"},
    "filter_category": {"en": "Category", "ko": "분류"},
    "filter_app": {"en": "App", "ko": "앱"},
    "filter_namespace": {"en": "Namespace", "ko": "네임스페이스"},
    "filter_since": {"en": "Created since", "ko": "생성 시작"},
    "filter_until": {"en": "Created until", "ko": "생성 끝"},
    "filter_apply": {"en": "Apply", "ko": "적용"},
    "col_id": {"en": "Incident", "ko": "인시던트"},
    "col_status": {"en": "Status", "ko": "상태"},
    "col_category": {"en": "Category", "ko": "분류"},
    "col_app": {"en": "App", "ko": "앱"},
    "col_namespace": {"en": "Namespace", "ko": "네임스페이스"},
    "col_created": {"en": "Created", "ko": "생성"},
    "no_incidents": {"en": "No incidents.", "ko": "인시던트가 없습니다."},
    "next_page": {"en": "Next page", "ko": "다음 페이지"},
    "bad_filter": {"en": "Invalid filter: {detail}", "ko": "잘못된 필터: {detail}"},
    # one incident
    "timeline": {"en": "Timeline", "ko": "타임라인"},
    "step_received": {"en": "Received", "ko": "접수"},
    "step_decided": {"en": "Decided: {decision} by {who}", "ko": "결정: {decision} ({who})"},
    "step_committed": {"en": "Committed {sha}", "ko": "커밋 {sha}"},
    "step_outcome": {"en": "Outcome recorded {sha}", "ko": "결과 기록 {sha}"},
    "step_updated": {"en": "Now: {status}", "ko": "현재: {status}"},
    "analysis": {"en": "Analysis", "ko": "분석"},
    "category": {"en": "Category", "ko": "분류"},
    "root_cause": {"en": "Root cause", "ko": "근본 원인"},
    "actions": {"en": "Actions", "ko": "조치"},
    "signal": {"en": "Deciding signal", "ko": "결정 신호"},
    "confidence": {"en": "Confidence", "ko": "신뢰도"},
    "evidence": {"en": "Evidence", "ko": "근거"},
    "no_evidence": {"en": "No evidence was gathered.", "ko": "수집된 근거가 없습니다."},
    "evidence_missing": {"en": "Missing", "ko": "누락"},
    "chart_title": {
        "en": "{signal} of {subject} against the old and new limit",
        "ko": "{subject}의 {signal}: 기존 한도와 새 한도 비교",
    },
    "chart_old": {"en": "old limit {value}", "ko": "기존 한도 {value}"},
    "chart_new": {"en": "new limit {value}", "ko": "새 한도 {value}"},
    "diff": {"en": "Proposed change", "ko": "제안된 변경"},
    "no_diff": {"en": "No change to the values.", "ko": "값 변경이 없습니다."},
    "diff_unified": {"en": "Unified", "ko": "통합 보기"},
    "diff_split": {"en": "Side by side", "ko": "나란히 보기"},
    "diff_old": {"en": "Before", "ko": "변경 전"},
    "diff_new": {"en": "After", "ko": "변경 후"},
    "commits": {"en": "Commits", "ko": "커밋"},
    "no_commits": {"en": "No commits yet.", "ko": "아직 커밋이 없습니다."},
    "pull_request": {"en": "Pull request", "ko": "풀 리퀘스트"},
    "learning": {"en": "Learned from", "ko": "참고한 인시던트"},
    "no_learning": {"en": "No earlier incidents.", "ko": "참고한 이전 인시던트가 없습니다."},
    # decisions
    "decide": {"en": "Decide", "ko": "결정"},
    "approve": {"en": "Approve", "ko": "승인"},
    "confirm_approve": {"en": "Approve this change?", "ko": "이 변경을 승인할까요?"},
    "confirm_yes": {"en": "Yes, approve", "ko": "예, 승인합니다"},
    "confirm_no": {"en": "Cancel", "ko": "취소"},
    "reject": {"en": "Reject", "ko": "거절"},
    "reason": {"en": "Reason", "ko": "사유"},
    "modify": {"en": "Propose these values", "ko": "이 값으로 다시 제안"},
    "modify_help": {
        "en": "Change the proposed values; the proposal is made again with them.",
        "ko": "제안된 값을 바꾸면 그 값으로 다시 제안합니다.",
    },
    "override_required": {"en": "A value is required.", "ko": "값을 입력하세요."},
    "override_integer": {"en": "Must be a whole number.", "ko": "정수여야 합니다."},
    "override_quantity": {
        "en": "Must be a Kubernetes quantity such as 512Mi or 500m.",
        "ko": "512Mi, 500m 같은 Kubernetes 수량이어야 합니다.",
    },
    "stale": {
        "en": "The proposal changed since this page was loaded — reload",
        "ko": "이 페이지를 연 뒤 제안이 바뀌었습니다 — 새로고침하세요",
    },
    "not_awaiting": {
        "en": "This incident is not awaiting a decision any more: {detail}",
        "ko": "이 인시던트는 더 이상 결정을 기다리지 않습니다: {detail}",
    },
    "policy_refused": {
        "en": "The approval policy refused this: {detail}",
        "ko": "승인 정책이 거부했습니다: {detail}",
    },
    "flash_approve": {"en": "Approved.", "ko": "승인했습니다."},
    "flash_feedback": {
        "en": "Recorded: the feedback loop learns from it.",
        "ko": "기록했습니다: 피드백 루프가 이를 학습합니다.",
    },
    "feedback_title": {"en": "The fix did not work", "ko": "수정이 효과가 없었습니다"},
    "feedback_help": {
        "en": "Say why, and what was needed instead: the next proposal for this app learns it.",
        "ko": "이유와 대신 필요했던 것을 적어 주세요: 이 앱의 다음 제안이 이를 학습합니다.",
    },
    "feedback_expected": {"en": "What was needed instead", "ko": "대신 필요했던 것"},
    "feedback_submit": {"en": "Record feedback", "ko": "피드백 기록"},
    "flash_reject": {"en": "Rejected.", "ko": "거절했습니다."},
    "flash_modify": {"en": "Modified; a new proposal follows.", "ko": "수정했습니다."},
    "read_only": {
        "en": "Your role ({role}) may read but not decide.",
        "ko": "현재 역할({role})은 조회만 할 수 있고 결정할 수 없습니다.",
    },
}


def status_text(status: str, language: Language) -> str:
    """The name people read for `status` (the raw value for one the table lacks)."""
    return status_name(status, language)


def translator(language: Language) -> Callable[..., str]:
    """`t(key, **fields)`: the text `key` in `language`, its fields filled in."""

    def t(key: str, **fields: Any) -> str:
        text = TEXTS[key][language]
        return text.format(**fields) if fields else text

    return t


def language_of(value: str | None, default: Language) -> Language:
    """`value` when it names a language of the console, else `default`."""
    return next((lang for lang in LANGUAGES if lang == value), default)
