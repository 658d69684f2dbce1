"""Jobs and the sandbox simulation: workers arriving, submissions scored, files approved and
signed for download, jobs completed."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable
from typing import Any, Dict, Optional, cast

from firsthand.testing._files import sandbox_file_content
from firsthand.testing._keys import Keys
from firsthand.testing._records import (
    DOWNLOAD_URL_LIFETIME,
    SCORING_TAKES,
    WORKERS_ARRIVE_AFTER,
    Account,
    ActorRecord,
    AnnotationsRecord,
    DimensionsRecord,
    FileRecord,
    FlaggedJobRecord,
    JobRecord,
    JobState,
    ScoredSubmissionRecord,
    SubmissionRecord,
)
from firsthand.testing._rules import (
    ANNOTATION_MODEL,
    TERMINAL_STATUSES,
    Json,
    Problem,
)


class Simulation(Keys):
    """Jobs, submissions and files, and the simulated workers and scoring that move them."""

    random: random.Random
    files_origin: str
    url_key: bytes
    #: Star rating for submissions to live jobs (test jobs always get 4): a user's function of
    #: the submission as a plain dict (``FakeFirstHand.live_scoring``).
    live_scoring: Callable[[Json], int]
    #: Bumped on every job status change (long polls wait for it).
    changes: int

    # -- jobs and the sandbox simulation -------------------------------------------------------
    def post_job(self, account: Account, body: Json, actor: ActorRecord) -> JobRecord:
        """Post a job from a checked ``create_job`` body: its escrow held, workers called."""
        job_id = self.new_id("job_")
        now = self.stamp()
        job: JobRecord = {
            "object": "job",
            "id": job_id,
            "type": body["type"],
            "status": "open",
            "title": body.get("title"),
            "description": body["description"],
            "files_needed": body["files_needed"],
            "files_approved": 0,
            "files_pending": 0,
            "files_rejected": 0,
            "accepted_formats": body["accepted_formats"],
            "price_per_file_cents": body["price_per_file_cents"],
            "total_cost_cents": body["files_needed"] * body["price_per_file_cents"],
            "location": body.get("location"),
            "deadline": body.get("deadline"),
            "max_workers": body.get("max_workers"),
            "metadata": body.get("metadata"),
            "files_per_submission": body.get("files_per_submission", 1),
            "scoring_criteria": body.get("scoring_criteria"),
            "min_star_rating": body.get("min_star_rating", 3),
            "min_width": body.get("min_width"),
            "min_height": body.get("min_height"),
            "worker_guidelines": body.get("worker_guidelines"),
            "buyer_rating": None,
            "created_at": now,
            "updated_at": now,
            "completed_at": None,
            "cancelled_at": None,
        }
        self.hold(account, job)
        account.jobs[job_id] = job
        self.audit(
            account,
            "job.created",
            ("job", job_id),
            actor,
            {"total_cost_cents": job["total_cost_cents"]},
        )
        self._call_workers(account, job, WORKERS_ARRIVE_AFTER, spread=2.0)
        return job

    def cancel_job(self, account: Account, job: JobRecord, actor: ActorRecord) -> None:
        if job["status"] in TERMINAL_STATUSES:
            raise Problem(409, "conflict", f"Job {job['id']} is already {job['status']}")
        now = self.stamp()
        job.update({"status": "cancelled", "cancelled_at": now, "updated_at": now})
        account.arriving.pop(job["id"], None)
        self.release_hold(account, job, f"Unused escrow of cancelled job {job['id']}")
        self.changes += 1
        self.emit(account, "job.cancelled", job)
        self.audit(account, "job.cancelled", ("job", job["id"]), actor)

    def flag_job(self, account: Account, job: JobRecord, reason: str) -> None:
        flagged: FlaggedJobRecord = {**job, "flag_reason": reason}
        self.emit(account, "job.flagged", flagged)

    def _pending_files(self, account: Account, job: JobRecord) -> int:
        return int(job["files_pending"]) + account.arriving.get(job["id"], 0) * int(
            job["files_per_submission"]
        )

    def _call_workers(self, account: Account, job: JobRecord, after: float, spread: float) -> None:
        """Schedule simulated workers until every open slot has one on its way (docs/api-contract.md, "Lifecycles")."""
        per_submission = int(job["files_per_submission"])
        max_workers = job["max_workers"]
        while job["status"] not in TERMINAL_STATUSES:
            covered = int(job["files_approved"]) + self._pending_files(account, job)
            busy = account.arriving.get(job["id"], 0) + int(job["files_pending"]) // per_submission
            if covered >= int(job["files_needed"]) or (
                max_workers is not None and busy >= int(max_workers)
            ):
                return
            account.arriving[job["id"]] = account.arriving.get(job["id"], 0) + 1
            delay = after + self.random.uniform(0.0, spread)
            self.schedule(delay, lambda: self._worker_submits(account, job))

    def _worker_submits(self, account: Account, job: JobRecord) -> None:
        if job["id"] not in account.arriving:
            return  # the job was cancelled while the worker was on the way
        account.arriving[job["id"]] -= 1
        if job["status"] in TERMINAL_STATUSES:
            return
        submission_id = self.new_id("sub_")
        content_type = self._content_type(job)
        submission: SubmissionRecord = {
            "object": "submission",
            "id": submission_id,
            "job_id": job["id"],
            "worker_id": self.new_id("wkr_"),
            "status": "pending_score",
            "ai_star_rating": None,
            "ai_reasoning": None,
            "file_url": self.download_url(submission_id),
            "content_type": content_type,
            "size_bytes": len(sandbox_file_content(submission_id, content_type)),
            "submitted_at": self.stamp(),
            "scored_at": None,
        }
        account.submissions[submission_id] = submission
        job["files_pending"] += int(job["files_per_submission"])
        job["updated_at"] = self.stamp()
        self._update_status(job)
        self.schedule(
            self.random.uniform(*SCORING_TAKES), lambda: self._score(account, job, submission)
        )

    def score(self, account: Account, submission_id: str, star_rating: int) -> None:
        """Score a pending submission now (``fake.score_submission``)."""
        submission = account.submissions[submission_id]
        if submission["status"] != "pending_score":
            raise ValueError(f"submission {submission_id} is {submission['status']}, not pending")
        self._score(account, account.jobs[submission["job_id"]], submission, star_rating)

    def _score(
        self,
        account: Account,
        job: JobRecord,
        submission: SubmissionRecord,
        rating: Optional[int] = None,
    ) -> None:
        if submission["status"] != "pending_score":
            return  # scored by hand already
        per_submission = int(job["files_per_submission"])
        job["files_pending"] = max(0, int(job["files_pending"]) - per_submission)
        if rating is None:
            plain = cast(Dict[str, Any], submission)  # the user's function sees the stored dict
            rating = 4 if account.environment == "test" else int(self.live_scoring(plain))
        active = job["status"] not in TERMINAL_STATUSES
        approved = active and rating >= int(job["min_star_rating"])
        submission.update({"ai_star_rating": rating, "scored_at": self.stamp()})
        dimensions: DimensionsRecord = {
            "relevance": rating,
            "quality": rating,
            "completeness": rating,
        }
        annotations: AnnotationsRecord = {
            "annotation_model": ANNOTATION_MODEL,
            "scene": {"label": "indoor", "confidence": 0.93},
            "objects": [{"label": "cup", "confidence": 0.97}],
        }
        if approved:
            submission.update(
                {"status": "approved", "ai_reasoning": "Clear, well lit and on topic."}
            )
            remaining = int(job["files_needed"]) - int(job["files_approved"])
            for _ in range(min(per_submission, remaining)):
                file = self._new_file(job, submission, rating, annotations)
                account.files[file["id"]] = file
                job["files_approved"] += 1
                self.pay_for_file(account, job, file["id"])
        else:
            reason = (
                "The job ended before this submission was scored."
                if not active
                else "The subject is not clearly visible."
            )
            submission.update({"status": "rejected", "ai_reasoning": reason})
            job["files_rejected"] += per_submission
        job["updated_at"] = self.stamp()
        scored: ScoredSubmissionRecord = {
            **submission,
            "annotations": annotations,
            "dimensions": dimensions,
        }
        self.emit(account, "submission.scored", scored)
        self.emit(account, f"submission.{submission['status']}", submission)
        if active and job["files_approved"] >= job["files_needed"]:
            self._complete(account, job)
        else:
            self._update_status(job)
            if active:
                self._call_workers(account, job, 0.0, spread=10.0)

    def _complete(self, account: Account, job: JobRecord) -> None:
        now = self.stamp()
        job.update({"status": "completed", "completed_at": now, "updated_at": now})
        account.arriving.pop(job["id"], None)
        self.changes += 1
        self.release_hold(account, job, f"Leftover escrow of completed job {job['id']}")
        self.emit(account, "job.completed", job)
        self.audit(account, "job.completed", ("job", job["id"]))

    def _update_status(self, job: JobRecord) -> None:
        """open ⇄ filled → in_progress as docs/api-contract.md ("Lifecycles") says (terminal states never change)."""
        if job["status"] in TERMINAL_STATUSES:
            return
        status: JobState
        if job["files_approved"] > 0:
            status = "in_progress"
        elif job["files_pending"] >= job["files_needed"]:
            status = "filled"
        else:
            status = "open"
        if status != job["status"]:
            job["status"] = status
            self.changes += 1

    @staticmethod
    def _content_type(job: JobRecord) -> str:
        formats = job["accepted_formats"]
        return "image/png" if "image/png" in formats else formats[0]

    def download_url(self, object_id: str) -> str:
        """A signed URL on the stand-in's file host, valid for 7 days."""
        expires = int(self.now() + DOWNLOAD_URL_LIFETIME)
        signature = self.url_signature(object_id, expires)
        return f"{self.files_origin}/files/{object_id}?expires={expires}&signature={signature}"

    def url_signature(self, object_id: str, expires: int) -> str:
        return hmac.new(self.url_key, f"{object_id}|{expires}".encode(), "sha256").hexdigest()[:32]

    def _new_file(
        self,
        job: JobRecord,
        submission: SubmissionRecord,
        rating: int,
        annotations: AnnotationsRecord,
    ) -> FileRecord:
        file_id = self.new_id("file_")
        content_type = str(submission["content_type"])
        content = sandbox_file_content(file_id, content_type)
        visual = content_type.startswith(("image/", "video/"))
        timed = content_type.startswith(("audio/", "video/"))
        png = content_type == "image/png"
        return {
            "object": "file",
            "id": file_id,
            "job_id": job["id"],
            "submission_id": submission["id"],
            "content_type": content_type,
            "size_bytes": len(content),
            "duration_seconds": 12.5 if timed else None,
            "width": (48 if png else 1920) if visual else None,
            "height": (32 if png else 1080) if visual else None,
            "content_hash": hashlib.sha256(content).hexdigest(),
            "captured_at": submission["submitted_at"],
            "ai_star_rating": rating,
            "device_info": {
                "device_model": "Pixel 8",
                "device_os": "Android 14",
                "app_version": "1.4.0",
            },
            "worker_region": "US-NY",
            "download_url": self.download_url(file_id),
            "download_url_expires_at": self.stamp(DOWNLOAD_URL_LIFETIME),
            "annotations": annotations,
            "keyframes": [] if content_type.startswith("video/") else None,
            "created_at": self.stamp(),
        }

    def _default_live_rating(self, submission: Json) -> int:
        """Live scoring when nobody configured it: mostly 3–5 stars, some rejections."""
        return self.random.choices((1, 2, 3, 4, 5), weights=(5, 10, 25, 40, 20))[0]
