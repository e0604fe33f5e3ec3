"""Korean phrasing of every failure category (pure data), as Korean teams write alert
summaries and as people describe an incident when they paste it.

Korean names a failure as a subject noun and a predicate within one clause: "메모리가
부족합니다", "디스크 공간 부족", "인증서가 만료됩니다", "데이터베이스 연결이 거부됨". Each rule
below is such a pair (either order, a few syllables apart, never across a sentence end) or a
fixed phrase. Spacing varies ("메모리 부족", "메모리부족"), so a space in a phrase is optional.

A text is read sentence by sentence; a sentence gets the first rule that matches it (an
eviction names the memory the node ran short of; a limit on the number of connections is not a
failure to connect; a disk that cannot be attached is a volume problem). Across sentences a
cause outranks a symptom, as in English.
"""

from __future__ import annotations

import re

from graph.analysis.taxonomy import RANK, is_cause

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SENTENCE_END = re.compile(r"(?<=[다요죠음됨함임])[.!?]\s+|[.!?]\s+(?=[\uac00-\ud7a3])|\n|[;。]")
_GAP = r"[^.!?\n]{0,24}?"
# A sentence's clauses: "메모리는 정상이고 디스크 공간이 부족합니다" names the disk only.
_CLAUSE_END = re.compile(
    r"[,，;:]|(?:"
    + "|".join(
        f"(?<={ending})"
        for ending in (
            *(stem + "고" for stem in "이하되있없않했됐였았었졌나오가지"),
            "지만",
            "는데",
            "으나",
        )
    )
    + r")\s"
)
_FINE = re.compile(r"(?<!비)정상|문제 ?없|이상 ?없|여유가? 있|안정적|양호")
_LOW_USAGE = re.compile(r"(?:사용률|사용량|사용 비율)\D{0,10}?(\d+(?:\.\d+)?) ?%")
_HIGH_USAGE_PERCENT = 70.0
_OPTIONAL_SPACE = re.compile(r" (?!\?)")


def _alt(*phrases: str) -> str:
    return "(?:" + "|".join(_OPTIONAL_SPACE.sub(" ?", p) for p in phrases) + ")"


def _near(nouns: str, predicates: str) -> str:
    """A noun and a predicate in one clause, in either order."""
    return f"{nouns}{_GAP}{predicates}|{predicates}{_GAP}{nouns}"


def _ko(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_PCT = r"\d+(?:\.\d+)? ?%"
# Predicates that say something is short, exceeded or exhausted.
_SHORT = _alt(
    "부족",
    "모자라",
    "모자람",
    "초과",
    "한도",
    "한계",
    "상한",
    "고갈",
    "소진",
    "바닥",
    "가득",
    "꽉",
    "임계",
    "여유가 없",
    "여유 없",
    "남지 않",
    "다 차",
    "다 써",
    "다 사용",
    "넘었",
    "넘어",
    "넘음",
    "도달",
    "근접",
    _PCT,
)
# Predicates that say something failed or does not work.
_FAIL = _alt(
    "실패",
    "못 ?하",
    "못했",
    "못합",
    "못함",
    "지 못",
    "수 없",
    "안 됨",
    "안 됩",
    "안 되",
    "안됨",
    "안됩",
    "안되",
    "되지 않",
    "오류",
    "에러",
    "불가",
    "거부",
    "문제",
    "이상",
    "누락",
    "멈춤",
    "멈췄",
    "멈춰",
    "중단",
)
_DOWN = _alt(
    "응답이 없",
    "응답 없",
    "응답하지 않",
    "응답을 안",
    "무응답",
    "다운",
    "죽었",
    "죽음",
    "죽어",
    "먹통",
    "장애",
    "꺼졌",
    "꺼짐",
    "내려갔",
    "끊겼",
    "끊김",
    "끊어",
    "두절",
    "연락이 없",
    "준비 안 ?됨",
    "준비되지 않",
    "준비 상태가 아",
    "비정상",
    "중단",
    "알 수 없음",
)

_MEMORY = _alt(
    "메모리",
    "(?<![\uac00-\ud7a3])램(?![\uac00-\ud7a3]{2})",
    "(?<![\uac00-\ud7a3])힙",
    "가용 메모리",
)
_DISK = _alt(
    "디스크(?!립터)",
    "저장 공간",
    "저장소 용량",
    "스토리지 용량",
    "스토리지 공간",
    "파일 시스템",
    "볼륨 용량",
    "볼륨 사용률",
    "볼륨 공간",
    "볼륨이 가득",
    "여유 공간",
    "남은 공간",
    "남은 용량",
    "디스크 용량",
    "데이터 디렉터리",
    "가용 공간",
    "가용 용량",
    "(?<![\\w/])/[\\w./-]*(?=\\s*(?:의|은|는|이|가)?\\s*(?:사용률|사용량))",
    "아이노드",
)
_FD = _alt(
    "파일 디스크립터",
    "파일 기술자",
    "파일 서술자",
    "파일 핸들",
    "핸들 수",
    "열린 파일",
    "오픈 파일",
    "열 수 있는 파일",
)
_CERT = _alt("인증서", "서버 인증서", "클라이언트 인증서")
_CONNECT = _alt("연결", "접속", "커넥션", "통신")
_CONN_COUNT = _alt(
    "연결 수",
    "접속 수",
    "커넥션 수",
    "연결 풀",
    "커넥션 풀",
    "동시 접속",
    "동시 연결",
    "클라이언트 수",
    "세션 수",
)
_IMAGE = _alt("이미지", "컨테이너 이미지", "도커 이미지")
_PULL = _alt("가져오", "가져올", "받아오", "받아올", "내려받", "다운로드", "당겨오", "풀링", "풀 ")
_CONFIG = _alt(
    "설정",
    "구성 파일",
    "구성 값",
    "환경 ?변수",
    "환경 설정",
    "설정값",
    "설정 값",
    "설정 파일",
    "시크릿",
    "비밀 값",
    "컨피그맵",
    "컨피그 맵",
    "필수 값",
    "필수 항목",
    "필수 변수",
)
_CONFIG_FAIL = _alt(
    "오류",
    "에러",
    "누락",
    "잘못",
    "빠져",
    "빠진",
    "빠졌",
    "비어",
    "없어",
    "없음",
    "없습니다",
    "없다",
    "미설정",
    "설정되지 않",
    "설정 안",
    "정의되지 않",
    "지정되지 않",
    "찾을 수 없",
    "읽지 못",
    "파싱",
    "해석하지 못",
    "로드하지 못",
    "불러오지 못",
    "문제",
)
_VOLUME = _alt(
    "볼륨",
    "디스크(?!립터)",
    "블록 스토리지",
    "스토리지",
    "저장소",
    "영구 볼륨",
    "볼륨 클레임",
    "클레임",
    "마운트",
)
_ATTACH = _alt(
    "마운트",
    "붙지",
    "붙일",
    "붙어",
    "붙이",
    "부착",
    "연결되지",
    "연결하지",
    "연결할 수",
    "할당",
    "프로비저닝",
    "프로비저닝",
    "바인딩",
    "생성되지",
    "어태치",
)
_NODE = _alt(
    "노드",
    "큐블릿",
    "호스트 서버",
    "서버 한 대",
    "수집 대상",
    "모니터링 대상",
    "스크레이프 대상",
    "익스포터",
    "타깃",
    "타겟",
)
_PROBE = _alt(
    "헬스 ?체크",
    "헬스 체크",
    "상태 ?검사",
    "상태 ?점검",
    "상태 ?확인",
    "상태 ?체크",
    "생존 ?검사",
    "생존 ?확인",
    "생존 ?신호",
    "준비 ?검사",
    "준비 ?확인",
    "준비 상태 확인",
    "준비성 검사",
    "활성 ?검사",
    "기동 ?검사",
    "프로브",
    "라이브니스",
    "레디니스",
    "헬스 엔드포인트",
)
_PROBE_FAIL = _alt(
    "실패",
    "응답이 없",
    "응답 없",
    "응답하지",
    "답하지",
    "답이 없",
    "응답을 못",
    "응답을 안",
    "못 받",
    "돌려주",
    "반환",
    "시간 초과",
    "타임아웃",
    "통과하지",
    "통과 못",
    "통과를 못",
    "오류",
    "에러",
    "안 됨",
    "안 되",
)
_ROLLOUT = _alt("배포", "롤아웃", "롤링 업데이트", "업데이트", "새 버전", "신규 버전", "릴리스")
_ROLLOUT_FAIL = _alt(
    "실패",
    "중단",
    "멈춤",
    "멈췄",
    "멈춰",
    "정체",
    "진행되지",
    "진행이 안",
    "진행 안",
    "완료되지",
    "완료가 안",
    "롤백",
    "되돌려",
    "반영되지",
    "올라오지",
    "뜨지 않",
    "지연",
)
_JOB = _alt(
    "잡", "작업", "배치 작업", "크론 ?잡", "크론 작업", "예약 작업", "정기 작업", "마이그레이션"
)
_JOB_FAIL = _alt(
    "실패", "완료되지", "미완료", "끝나지", "끝나지 않", "완료 안", "완료가 안", "중단"
)

KOREAN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "evicted",
        _ko(
            _alt(
                "축출",
                "퇴출",
                "쫓겨",
                "쫓아내",
                "쫓아냈",
                "퇴거",
                "내쫓",
                "밀려나",
                "밀려났",
                "방출",
            )
        ),
    ),
    (
        "image_pull",
        _ko(
            _near(_IMAGE, _PULL + _GAP + _FAIL),
            _near(_IMAGE, _alt("태그가 없", "태그가 존재하지", "존재하지 않", "찾을 수 없")),
            _near(
                _alt("태그", "매니페스트", "다이제스트"),
                _alt("없", "존재하지 않", "찾을 수 없", "알 수 없"),
            ),
            _near(
                _alt("레지스트리", "이미지 저장소"),
                _alt("찾을 수 없", "없는 태그", "거부", "요청 한도", "실패"),
            ),
            _near(
                _alt("레지스트리", "이미지 저장소"),
                _alt("인증", "로그인", "접근", "권한", "요청 한도", "제한")
                + _GAP
                + _alt(_FAIL, "없", "초과"),
            ),
        ),
    ),
    (
        "probe_failure",
        _ko(
            _near(_PROBE, _PROBE_FAIL),
            _near(
                _alt("살아 ?있는지", "정상인지", "준비됐는지", "준비되었는지"),
                _alt("확인", "검사", "체크", "점검") + _GAP + _PROBE_FAIL,
            ),
            # The kubelet restarts a container whose liveness check fails (the kernel, not the
            # kubelet, kills for memory).
            _near(
                _alt("큐블릿", "큐블렛", "쿠블렛", "쿠블릿", "큐브렛", "쿠버네티스가"),
                _alt(
                    "죽이",
                    "죽였",
                    "종료시키",
                    "종료시켰",
                    "재시작시키",
                    "재시작시켰",
                    "다시 띄",
                    "강제 종료",
                    "재시작",
                ),
            ),
        ),
    ),
    (
        "config_error",
        _ko(
            _near(_CONFIG, _CONFIG_FAIL),
            _near(
                _alt("모듈", "라이브러리", "패키지", "의존성"),
                _alt(
                    "찾을 수 없",
                    "없어",
                    "없음",
                    "누락",
                    "로드하지 못",
                    "불러오지 못",
                    "설치되지 않",
                ),
            ),
        ),
    ),
    (
        "volume",
        _ko(
            _near(_VOLUME, _ATTACH + _GAP + _alt(_FAIL, "대기", "지연", "시간 초과")),
            _near(
                _VOLUME,
                _alt("이전 노드에", "다른 노드에", "기존 노드에")
                + _GAP
                + _alt("붙어", "연결되어", "마운트되어", "사용 중"),
            ),
            _near(
                _alt("볼륨 클레임", "클레임", "영구 볼륨"),
                _alt("대기", "보류", "펜딩", "바인딩되지", "묶이지"),
            ),
            _alt("마운트 실패", "마운트에 실패", "마운트하지 못", "마운트할 수 없"),
        ),
    ),
    (
        "dependency_limit",
        _ko(
            _near(_CONN_COUNT, _alt(_SHORT, "최대", "가득")),
            _alt("최대 연결", "최대 접속", "최대 커넥션"),
            _near(
                _alt("요청", "호출", "조회"),
                _alt("한도", "제한", "속도 제한", "요율 제한") + _GAP + _alt("초과", "도달", "걸"),
            ),
            _near(_alt("버퍼", "대기열", "큐"), _alt("가득", "고갈", "꽉", "초과")),
            _alt("서킷 ?브레이커", "속도 제한", "요율 제한"),
        ),
    ),
    (
        "scheduling",
        _ko(
            _near(_alt("스케줄링", "스케줄"), _alt(_FAIL, "대기", "되지 않", "할 수 없")),
            _near(
                _alt("노드", "클러스터", "노드 풀"),
                _alt("자원", "리소스", "용량", "여유 자원")
                + _GAP
                + _alt("부족", "모자", "없", "초과"),
            ),
            _near(_alt("할당량", "쿼터", "리소스 쿼터"), _SHORT),
            _near(
                _alt(
                    "최대 레플리카",
                    "최대 복제본",
                    "최대 파드 수",
                    "최대 인스턴스 수",
                    "레플리카 상한",
                ),
                _alt("도달", "걸", "고정", "머물", "운영", "상태", "찍"),
            ),
            _near(
                _alt("오토 ?스케일러", "자동 ?확장", "에이치피에이"),
                _alt("최대", "상한", "한계", "더 이상"),
            ),
            _near(
                _alt("파드", "팟"),
                _alt("대기 상태", "대기 중", "보류 상태", "펜딩", "배치되지", "할당되지"),
            ),
            _alt("배치할 (?:수 있는 )?노드", "올라갈 노드", "띄울 노드", "과다 할당", "오버 ?커밋"),
            _alt(
                "(?:배치|스케줄|할당|실행) ?(?:가능한|할 수 있는) 노드",
                "사용 가능한 노드가 (?:없|0)",
                "노드 ?\\d+ ?대 중",
            ),
            _near(
                _alt("요청한", "요구한", "요청량", "요청 ?값"),
                _alt("수용할", "수용하지", "감당할", "받아줄", "올릴 수 없", "여유가 없"),
            ),
        ),
    ),
    (
        "node_health",
        _ko(_alt("메모리 압박", "디스크 압박", "프로세스 압박", "압박 상태", "압박을 받")),
    ),
    (
        "oom",
        _ko(
            _near(_MEMORY, _alt(_SHORT, "누수", "할당 실패", "강제 종료", "죽")),
            _near(
                _alt("커널"),
                _alt("강제 ?종료", "강제로 종료", "죽였", "종료시켰", "킬", "프로세스를 종료"),
            ),
            _alt("아웃 ?오브 ?메모리", "(?<![A-Za-z0-9_])OOM(?![A-Za-z0-9_])", "오오엠"),
        ),
    ),
    (
        "too_many_open_files",
        _ko(
            _near(_FD, _alt(_SHORT, "너무 많", "열 수 없")),
            _alt("파일을 (?:더 )?열 수 없", "소켓을 (?:더 )?열 수 없"),
        ),
    ),
    ("disk_full", _ko(_near(_DISK, _SHORT), _alt("가득 찰 예정", "가득 찰 것"))),
    (
        "cert_expiry",
        _ko(
            _near(
                _CERT,
                _alt(
                    "만료",
                    "유효 ?기간이 (?:지났|끝났|다 됐|임박)",
                    "유효 ?기간 (?:만료|종료|임박)",
                    "(?:\\d+ ?일|하루|이틀|사흘|나흘|닷새|일주일|몇 ?일|\\d+ ?시간)(?:밖에|만)? 남",
                    "갱신 실패",
                    "갱신되지",
                    "갱신이 안",
                    "갱신 필요",
                ),
            ),
            _alt("만료 (?:예정|임박)(?:인|된|한)? 인증서", "만료된 인증서"),
        ),
    ),
    (
        "tls_error",
        _ko(
            _near(_CERT, _alt("검증", "확인", "신뢰", "체인", "서명") + _GAP + _alt(_FAIL, "없")),
            _alt(
                "신뢰할 수 없는",
                "알 수 없는 (?:인증 |발급 )?기관",
                "알 수 없는 발급자",
                "발급 기관을 (?:신뢰|확인)",
            ),
            _near(
                _alt("중간 인증서", "루트 인증서", "인증서 체인", "발급 기관"),
                _alt(_FAIL, "없", "빠져", "교체", "변경", "바뀌"),
            ),
            _near(_alt("핸드 ?셰이크", "보안 연결", "암호화 연결"), _FAIL),
            _near(_alt("호스트 ?이름", "도메인 이름"), _alt("불일치", "일치하지", "맞지 않")),
            _alt("자체 서명"),
        ),
    ),
    (
        "cpu_throttling",
        _ko(
            _alt("스로틀", "쓰로틀", "스로틀링", "쓰로틀링"),
            _near(
                _alt("씨피유", "프로세서", "연산 자원", "코어"),
                _alt("제한", "한도", "포화", "부족", "100 ?%", "꽉"),
            ),
        ),
    ),
    (
        "node_health",
        _ko(
            _near(_NODE, _DOWN),
            _near(
                _alt("시간", "시각", "시계"),
                _alt(
                    "동기화 ?(?:실패|오류|안 ?됨|안 ?되|되지 않|이 안|가 안)",
                    "오차",
                    "차이가",
                    "틀어",
                    "어긋",
                ),
            ),
            _alt("하트비트", "상태 보고가 (?:끊|중단|없)"),
        ),
    ),
    (
        "rollout_failure",
        _ko(
            _near(_ROLLOUT, _ROLLOUT_FAIL),
            _near(_JOB, _JOB_FAIL),
            _near(_alt("레플리카", "복제본", "파드 수"), _alt("불일치", "맞지 않", "모자", "부족")),
        ),
    ),
    (
        "connection_error",
        _ko(
            _near(
                _CONNECT,
                _alt(
                    "거부",
                    "실패",
                    "끊김",
                    "끊겼",
                    "끊어",
                    "끊기",
                    "끊깁",
                    "불가",
                    "시간 초과",
                    "타임아웃",
                    "오류",
                    "에러",
                    "안 됨",
                    "안 되",
                    "안됨",
                    "안되",
                    "할 수 없",
                    "되지 않",
                    "두절",
                    "장애",
                ),
            ),
            _near(
                _alt("이름", "도메인", "호스트", "주소", "DNS"),
                _alt("해석", "조회", "확인", "풀이") + _GAP + _alt(_FAIL),
            ),
            _alt(
                "호스트를 찾을 수 없",
                "주소를 찾을 수 없",
                "도달할 수 없",
                "닿지 않",
                "네트워크 (?:단절|불통)",
            ),
        ),
    ),
    (
        "crashloop",
        _ko(
            _near(
                _alt("재시작", "재기동", "재부팅"),
                _alt(
                    "반복",
                    "루프",
                    "계속",
                    "잦",
                    "횟수",
                    "증가",
                    "자꾸",
                    "되풀이",
                    "\\d+ ?(?:회|번)",
                ),
            ),
            _alt(
                "비정상 종료",
                "크래시",
                "크래쉬",
                "계속 (?:죽|종료|꺼)",
                "반복(?:해서|적으로)? (?:죽|종료)",
                "뜨자마자 (?:죽|종료)",
                "기동 직후 (?:죽|종료)",
            ),
        ),
    ),
    (
        "high_error_rate",
        _ko(
            _alt(
                "오류율",
                "에러율",
                "실패율",
                "오류 비율",
                "에러 비율",
                "실패 비율",
                "오류 비중",
                "실패 비중",
            ),
            _near(
                _alt(
                    "오류 응답",
                    "에러 응답",
                    "서버 오류",
                    "서버 에러",
                    "요청 실패",
                    "실패한 요청",
                    "실패하는 요청",
                    "오류",
                ),
                _alt("증가", "급증", "늘", "폭증", "다수", "많아"),
            ),
        ),
    ),
    (
        "high_latency",
        _ko(
            _near(
                _alt(
                    "응답",
                    "처리",
                    "조회",
                    "쿼리",
                    "요청",
                    "결과",
                    "화면",
                    "페이지",
                    "로딩",
                    "뜨기까지",
                ),
                _alt("지연", "느려", "느림", "느리", "늦어", "늦음", "늦게", "오래 걸"),
            ),
            _near(
                _alt("응답 ?시간", "지연 ?시간", "처리 ?시간", "소요 시간"),
                _alt("평소(?:의|보다)", "배로", "배 이상"),
            ),
            _near(
                _alt("응답 ?시간", "지연 ?시간", "처리 ?시간", "레이턴시", "소요 시간"),
                _alt("증가", "초과", "길어", "늘어", "높", "상승", "급증", _PCT),
            ),
            _alt(
                "레이턴시",
                "느린 쿼리",
                "느린 응답",
                "처리 지연",
                "컨슈머 (?:랙|지연)",
                "소비 지연",
                "복제 지연",
                "메시지 적체",
                "적체",
                "느려(?:졌|지고|짐|져|집니다)",
            ),
        ),
    ),
)


def has_hangul(text: str) -> bool:
    """Whether the text holds Korean syllables."""
    return _HANGUL.search(text) is not None


def _clause_category(clause: str) -> str:
    """The first category a clause names, unless it says the thing is fine ("메모리는 정상",
    "사용률 35%")."""
    if not has_hangul(clause) or _FINE.search(clause):
        return ""
    low = _LOW_USAGE.search(clause)
    if low and float(low.group(1)) < _HIGH_USAGE_PERCENT:
        return ""
    for category, pattern in KOREAN_RULES:
        if pattern.search(clause):
            return category
    return ""


def korean_category(text: str) -> tuple[str, str] | None:
    """The category a Korean text names and the sentence that names it, or None: each
    sentence gets the first rule that matches it; a cause outranks a symptom, then the
    taxonomy's ranking decides."""
    if not has_hangul(text):
        return None
    named: list[tuple[str, str]] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence or not has_hangul(sentence):
            continue
        for clause in _CLAUSE_END.split(sentence):
            category = _clause_category(clause)
            if category:
                named.append((category, sentence))
    if not named:
        return None
    causes = [pair for pair in named if is_cause(pair[0])]
    return min(causes or named, key=lambda pair: RANK[pair[0]])
