"""Every user-facing Slack string, in English and Korean, and the helpers that fill them.

Templates use `str.format` fields. Nothing here escapes: callers escape alert- and
user-provided text for mrkdwn before filling it in (receiver.slack.blocks.escape).
"""

from __future__ import annotations

from receiver.incidents.status_names import LANGUAGES, STATUS_NAMES, Language, status_name

__all__ = [
    "EPHEMERAL_KEYS",
    "LANGUAGES",
    "STATUS_NAMES",
    "TEXTS",
    "VALIDATION_KEYS",
    "Language",
    "duration",
    "status_name",
    "text",
]

TEXTS: dict[str, dict[Language, str]] = {
    # incident message
    "header": {"en": "🚨 Incident: {incident_id}", "ko": "🚨 인시던트: {incident_id}"},
    "fallback": {
        "en": "🚨 Incident {incident_id}: {category} in {namespace}/{app} ({status})",
        "ko": "🚨 인시던트 {incident_id}: {namespace}/{app}의 {category} ({status})",
    },
    "category": {"en": "Category", "ko": "분류"},
    "severity": {"en": "Severity", "ko": "심각도"},
    "app": {"en": "App", "ko": "앱"},
    "namespace": {"en": "Namespace", "ko": "네임스페이스"},
    "root_cause": {"en": "Root cause", "ko": "근본 원인"},
    "actions": {"en": "Proposed actions", "ko": "제안 조치"},
    "notes": {"en": "Notes", "ko": "참고"},
    "diff": {"en": "Proposed values change", "ko": "제안된 values 변경"},
    "diff_more": {
        "en": "… {count} more lines — full diff: <{link}|API>",
        "ko": "… {count}줄 더 있음 — 전체 diff: <{link}|API>",
    },
    "learned_from": {"en": "📚 Learned from {ids}", "ko": "📚 참고한 과거 인시던트: {ids}"},
    "and_more": {"en": "…and {count} more", "ko": "…외 {count}건"},
    "refusal": {"en": "No values change: {refusal}", "ko": "values 변경 없음: {refusal}"},
    "empty": {"en": "—", "ko": "—"},
    "cluster": {"en": "Cluster", "ko": "클러스터"},
    "why": {"en": "🧭 *Why:* {explanation}", "ko": "🧭 *분류 근거:* {explanation}"},
    "evidence": {"en": "📈 *Evidence*", "ko": "📈 *근거 데이터*"},
    "evidence_logs": {
        "en": "• Loki: {count} error line(s) around the alert",
        "ko": "• Loki: 알림 전후 오류 로그 {count}줄",
    },
    "evidence_missing": {
        "en": "Evidence missing: {missing}",
        "ko": "가져오지 못한 근거: {missing}",
    },
    "signal_memory": {"en": "memory", "ko": "메모리"},
    "signal_cpu": {"en": "CPU", "ko": "CPU 사용량"},
    "signal_restarts": {"en": "restarts", "ko": "재시작"},
    "signal_replicas": {"en": "replicas", "ko": "레플리카"},
    "signal_volume": {"en": "volume", "ko": "볼륨"},
    "why_confidence": {"en": " (confidence: {confidence})", "ko": " (신뢰도: {confidence})"},
    "conf_high": {"en": "high", "ko": "높음"},
    "conf_medium": {"en": "medium", "ko": "보통"},
    "conf_low": {"en": "low", "ko": "낮음"},
    "reproposed": {
        "en": "🔁 The proposal was made again: {note}",
        "ko": "🔁 제안을 다시 만들었습니다: {note}",
    },
    "alerts_list": {"en": "🔔 Alerts: {alerts}", "ko": "🔔 알림: {alerts}"},
    "advice_only": {
        "en": "💡 Advice only: no values change remedies this. Take the actions above; the "
        "incident closes when its alerts resolve, or acknowledge it.",
        "ko": "💡 조언만 제공: values 변경으로 해결할 수 없습니다. 위 조치를 취하세요. "
        "알림이 해소되면 인시던트가 종료되며, 확인 처리할 수도 있습니다.",
    },
    # status lines
    "st_analyzing": {"en": "🔎 analyzing…", "ko": "🔎 분석 중…"},
    "st_awaiting": {"en": "⏳ awaiting approval", "ko": "⏳ 승인 대기 중"},
    "st_committing": {"en": "⏳ committing…", "ko": "⏳ 커밋 중…"},
    "st_committed": {"en": "✅ committed{sha}", "ko": "✅ 커밋됨{sha}"},
    "st_verifying": {"en": "⏳ verifying recovery…", "ko": "⏳ 복구 확인 중…"},
    "st_awaiting_merge": {
        "en": "🔀 pushed on `{branch}`: waiting for it to be merged",
        "ko": "🔀 `{branch}` 브랜치에 푸시됨: 병합 대기 중",
    },
    "st_pr_open": {
        "en": "🔀 pull request {link} open: waiting for review and merge",
        "ko": "🔀 풀 리퀘스트 {link} 열림: 리뷰와 병합 대기 중",
    },
    "st_pr_failed": {
        "en": " · ⚠️ opening the pull request failed: {reason}",
        "ko": " · ⚠️ 풀 리퀘스트를 열지 못함: {reason}",
    },
    "st_merged_by": {"en": " · merged by {who}", "ko": " · {who} 님이 병합"},
    "policy_auto": {
        "en": "🤖 Policy `{rule}`: will be applied at {time} unless rejected",
        "ko": "🤖 정책 `{rule}`: 거부하지 않으면 {time}에 적용됩니다",
    },
    "policy_never": {
        "en": "🚫 Policy `{rule}`: advice only, this change cannot be approved",
        "ko": "🚫 정책 `{rule}`: 조언만 제공, 이 변경은 승인할 수 없습니다",
    },
    "policy_require": {
        "en": "👥 Policy `{rule}`: needs {needed} different approvers; approved so far: {who}",
        "ko": "👥 정책 `{rule}`: 서로 다른 승인자 {needed}명 필요, 지금까지 승인: {who}",
    },
    "nobody": {"en": "nobody", "ko": "없음"},
    "dry_run_banner": {
        "en": "🧪 Dry run: approving commits, pushes and opens nothing",
        "ko": "🧪 드라이 런: 승인해도 아무것도 커밋·푸시·생성되지 않습니다",
    },
    "st_dry_run": {
        "en": "🧪 dry run: approved, nothing was committed, pushed or opened",
        "ko": "🧪 드라이 런: 승인됨, 아무것도 커밋·푸시·생성되지 않음",
    },
    "st_recovered": {"en": "✅ recovered", "ko": "✅ 복구됨"},
    "st_not_recovered": {
        "en": "⚠️ not recovered after {duration}",
        "ko": "⚠️ {duration} 후에도 복구되지 않음",
    },
    "st_advising": {
        "en": "💡 advice only: waiting for its alerts to resolve or an acknowledgement",
        "ko": "💡 조언만 제공: 알림 해소 또는 확인 대기 중",
    },
    "st_closed": {"en": "✅ closed: its alerts resolved", "ko": "✅ 종료됨: 알림이 해소됨"},
    "st_acknowledged": {"en": "👍 acknowledged{by}", "ko": "👍 확인됨{by}"},
    "st_rejected": {"en": "❌ rejected{by}: {reason}", "ko": "❌ 거절됨{by} — 사유: {reason}"},
    "st_commit_failed": {"en": "⚠️ commit failed: {reason}", "ko": "⚠️ 커밋 실패: {reason}"},
    "st_failed": {"en": "❌ workflow failed: {reason}", "ko": "❌ 워크플로 실패: {reason}"},
    "st_approved": {"en": "approved{by}", "ko": "승인{by}"},
    "by_who_time": {"en": " by {who} at {time}", "ko": " ({who}, {time})"},
    "by_who": {"en": " by {who}", "ko": " ({who})"},
    "by_time": {"en": " at {time}", "ko": " ({time})"},
    "no_reason": {"en": "no reason given", "ko": "사유 없음"},
    "unknown_error": {"en": "unknown error", "ko": "알 수 없는 오류"},
    # buttons
    "approve": {"en": "Approve", "ko": "승인"},
    "reject": {"en": "Reject", "ko": "거절"},
    "modify": {"en": "Modify", "ko": "수정"},
    "acknowledge": {"en": "Acknowledge", "ko": "확인"},
    "confirm_title": {"en": "Commit this change?", "ko": "이 변경을 커밋할까요?"},
    "confirm_text": {
        "en": "The proposed values change for {incident_id} is committed to the repository.",
        "ko": "{incident_id}에 제안된 values 변경을 저장소에 커밋합니다.",
    },
    "confirm_yes": {"en": "Commit", "ko": "커밋"},
    "cancel": {"en": "Cancel", "ko": "취소"},
    # modals
    "modify_title": {"en": "Modify proposal", "ko": "제안 수정"},
    "modify_submit": {"en": "Propose again", "ko": "다시 제안"},
    "modify_intro": {
        "en": "*{incident_id}*: edit the proposed values. A new proposal is posted for approval.",
        "ko": "*{incident_id}*: 제안된 값을 수정하세요. 새 제안이 승인 요청으로 게시됩니다.",
    },
    "modify_nothing": {
        "en": "*{incident_id}* proposes no values change, so there is nothing to modify.",
        "ko": "*{incident_id}*에는 제안된 values 변경이 없어 수정할 것이 없습니다.",
    },
    "modify_notes": {"en": "Notes for the record", "ko": "기록할 메모"},
    "close": {"en": "Close", "ko": "닫기"},
    "reject_title": {"en": "Reject proposal", "ko": "제안 거절"},
    "reject_intro": {
        "en": "Why reject the proposal for *{incident_id}*? The reason is recorded.",
        "ko": "*{incident_id}* 제안을 거절하는 이유를 적어 주세요. 사유는 기록됩니다.",
    },
    "reject_reason": {"en": "Reason", "ko": "사유"},
    "trigger_title": {"en": "Open an incident", "ko": "인시던트 열기"},
    "trigger_submit": {"en": "Open", "ko": "열기"},
    "trigger_intro": {
        "en": "Paste the log lines to analyze; app and namespace help find the Helm values.",
        "ko": "분석할 로그를 붙여 넣으세요. "
        "앱과 네임스페이스를 적으면 Helm values를 찾기 쉽습니다.",
    },
    "trigger_log": {"en": "Log lines", "ko": "로그"},
    "trigger_app": {"en": "App", "ko": "앱"},
    "trigger_namespace": {"en": "Namespace", "ko": "네임스페이스"},
    # thread messages
    "thread_failure": {
        "en": "❌ The workflow for {incident_id} failed: {reason}. Nothing was committed. "
        "Details: <{link}|API>",
        "ko": "❌ {incident_id} 워크플로가 실패했습니다: {reason}. 커밋된 것은 없습니다. "
        "자세히: <{link}|API>",
    },
    "thread_commit_failure": {
        "en": "⚠️ Committing the change for {incident_id} failed: {reason}. "
        "It can be approved again.",
        "ko": "⚠️ {incident_id} 변경 커밋에 실패했습니다: {reason}. 다시 승인할 수 있습니다.",
    },
    "thread_reminder": {
        "en": "⏰ still awaiting approval after {duration}",
        "ko": "⏰ {duration}째 승인 대기 중",
    },
    # slash commands
    "usage": {
        "en": "*Commands*\n"
        "• `/incidents list` — open incidents\n"
        "• `/incidents <id>` — one incident: status, root cause, proposed change\n"
        "• `/incidents trigger` — open an incident from pasted log lines\n"
        "• `/feedback <id> <text>` — record negative feedback on an incident's fix",
        "ko": "*명령어*\n"
        "• `/incidents list` — 열린 인시던트 목록\n"
        "• `/incidents <id>` — 인시던트 한 건의 상태, 근본 원인, 제안된 변경\n"
        "• `/incidents trigger` — 붙여 넣은 로그로 인시던트 열기\n"
        "• `/feedback <id> <내용>` — 인시던트 수정에 대한 부정적 피드백 기록",
    },
    "list_empty": {"en": "No open incidents.", "ko": "열린 인시던트가 없습니다."},
    "list_title": {"en": "*Open incidents*", "ko": "*열린 인시던트*"},
    "summary_category": {"en": "Category / severity", "ko": "분류 / 심각도"},
    "summary_app": {"en": "App / namespace", "ko": "앱 / 네임스페이스"},
    "summary_change": {"en": "Change", "ko": "변경"},
    "summary_no_change": {"en": "none proposed yet", "ko": "아직 제안 없음"},
    "summary_diff_lines": {"en": "+{added} −{removed} lines", "ko": "+{added} −{removed}줄"},
    "summary_details": {"en": "Details: <{link}|API>", "ko": "자세히: <{link}|API>"},
    # ephemeral replies
    "not_allowed": {
        "en": "You are not allowed to approve, reject, modify or acknowledge incidents "
        "(SLACK_APPROVERS).",
        "ko": "인시던트를 승인, 거절, 수정하거나 확인할 권한이 없습니다 (SLACK_APPROVERS).",
    },
    "approvers_unavailable": {
        "en": "Could not check whether you may decide: Slack did not list the approver "
        "group's members. Nothing was changed; try again in a minute.",
        "ko": "결정 권한을 확인하지 못했습니다: Slack이 승인자 그룹의 구성원을 알려주지 "
        "않았습니다. 아무것도 바뀌지 않았습니다. 잠시 후 다시 시도하세요.",
    },
    "silence_button": {"en": "🔕 Silence 2 h", "ko": "🔕 2시간 무음"},
    "silenced": {
        "en": "🔕 {count} alert(s) of {incident_id} silenced in Alertmanager until {time}.",
        "ko": "🔕 {incident_id}의 알림 {count}개를 Alertmanager에서 {time}까지 무음 처리했습니다.",
    },
    "silence_failed": {
        "en": "Could not silence the alerts of {incident_id}: {detail}",
        "ko": "{incident_id}의 알림을 무음 처리하지 못했습니다: {detail}",
    },
    "refused_never": {
        "en": "🚫 Policy `{rule}` allows advice only: this change cannot be approved.",
        "ko": "🚫 정책 `{rule}`은(는) 조언만 허용합니다: 이 변경은 승인할 수 없습니다.",
    },
    "refused_again": {
        "en": "You approved this already: policy `{rule}` needs {needed} different approvers "
        "({so_far} so far).",
        "ko": "이미 승인하셨습니다: 정책 `{rule}`은(는) 서로 다른 승인자 {needed}명이 필요합니다 "
        "(지금까지 {so_far}명).",
    },
    "stale": {
        "en": "This proposal changed since it was shown; use the newest message.",
        "ko": "표시된 뒤 제안이 바뀌었습니다. 최신 메시지를 사용하세요.",
    },
    "not_advice": {
        "en": "Incident {incident_id} is {status}: it is not advice waiting for an "
        "acknowledgement.",
        "ko": "인시던트 {incident_id}은(는) {status} 상태라 확인을 기다리는 조언이 아닙니다.",
    },
    "already_decided": {
        "en": "Incident {incident_id} is {status}: it is not awaiting a decision.",
        "ko": "인시던트 {incident_id}은(는) {status} 상태라 결정을 기다리고 있지 않습니다.",
    },
    "unknown_incident": {
        "en": "No incident {incident_id}.",
        "ko": "인시던트 {incident_id}이(가) 없습니다.",
    },
    "feedback_recorded": {
        "en": "Negative feedback recorded for {incident_id}.",
        "ko": "{incident_id}에 대한 부정적 피드백을 기록했습니다.",
    },
    "triggered": {
        "en": "Incident {incident_id} opened.",
        "ko": "인시던트 {incident_id}을(를) 열었습니다.",
    },
    "error": {"en": "Something went wrong: {detail}", "ko": "문제가 발생했습니다: {detail}"},
    # modal validation errors (plain text)
    "quantity": {
        "en": "{value} is not a Kubernetes quantity (e.g. 1Gi, 500m)",
        "ko": "{value}은(는) Kubernetes 수량 형식이 아닙니다 (예: 1Gi, 500m)",
    },
    "integer": {"en": "{value} is not a whole number", "ko": "{value}은(는) 정수가 아닙니다"},
    "required": {"en": "This field is required.", "ko": "필수 항목입니다."},
}

EPHEMERAL_KEYS = frozenset(
    {
        "not_allowed",
        "approvers_unavailable",
        "stale",
        "refused_never",
        "refused_again",
        "silenced",
        "silence_failed",
        "not_advice",
        "already_decided",
        "unknown_incident",
        "feedback_recorded",
        "triggered",
        "error",
    }
)
VALIDATION_KEYS = frozenset({"quantity", "integer", "required"})


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def text(key: str, language: Language, **fill: str) -> str:
    """The `key` template in `language` with `fill` put in (a field `fill` lacks reads "?",
    so an error path never raises); KeyError only for an unknown `key`."""
    return TEXTS[key][language].format_map(_Fill(fill))


def duration(seconds: float, language: Language) -> str:
    """`seconds` rounded for people: "45 s", "15 min", "2 h", "1 h 30 min" (Korean: "45초",
    "15분", "2시간", "1시간 30분"). Negative durations read as zero."""
    total = max(0, round(seconds))
    if total < 60:
        return f"{total} s" if language == "en" else f"{total}초"
    minutes = round(total / 60)
    if minutes < 60:
        return f"{minutes} min" if language == "en" else f"{minutes}분"
    hours, rest = divmod(minutes, 60)
    if language == "en":
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{hours}시간 {rest}분" if rest else f"{hours}시간"
