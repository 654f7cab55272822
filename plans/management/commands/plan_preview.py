"""Print the screening result and plan for an answers file: a quick way to check a rule.

manage.py plan_preview tests/data/persona_10.json --start 2026-03-02 --clearance coach \
    --supervised treadmill
manage.py plan_preview answers.json --paused physician   # answering again while paused
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans import rules
from plans.engine import PlanDraft, build_plan, supervised_only
from plans.said import render
from plans.screening import Answers, ScreeningResult, pause_need, screen


def _stages(text: str) -> frozenset[str]:
    stages = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(stages - set(rules.STAGES))
    if unknown:
        raise CommandError(f"--supervised: unknown stages {', '.join(unknown)}")
    return stages


class Command(BaseCommand):
    help = "Show the screening result and the plan for a JSON answers file."

    def add_arguments(self, parser):
        parser.add_argument("answers", type=Path, help="JSON file with the domain.md §7 keys")
        parser.add_argument("--start", type=date.fromisoformat, help="YYYY-MM-DD; default today")
        parser.add_argument("--clearance", choices=rules.CLEARANCES)
        parser.add_argument("--weeks", type=int, default=4)
        parser.add_argument(
            "--supervised",
            default="",
            help="stages a linked coach has confirmed as supervised, e.g. treadmill,track",
        )
        parser.add_argument(
            "--paused",
            choices=rules.CLEARANCES,
            help="the need of a pause the plan already has (answering again while paused)",
        )

    def handle(self, *args, **options):
        supervised = _stages(options["supervised"])
        try:
            answers = Answers.from_dict(json.loads(options["answers"].read_text()))
        except (OSError, json.JSONDecodeError, ValueError) as error:
            raise CommandError(str(error)) from error
        start = options["start"] or date.today()  # noqa: DTZ011 - a developer's local date
        result = screen(answers, clearance=options["clearance"], supervised=supervised)
        self.stdout.write(_screening_text(answers, result, supervised, options["paused"]))
        plan = build_plan(answers, result, start, supervised, weeks=options["weeks"])
        self.stdout.write(_plan_text(plan) if plan else "\nNo plan: " + result.message)


def _screening_text(
    answers: Answers, result: ScreeningResult, supervised: frozenset[str], paused: str | None
) -> str:
    lines = [
        f"Outcome:  {result.outcome} - {result.message}",
        f"Needs:    {pause_need(result.outcome) or '-'}",
    ]
    if paused:
        kept = rules.stronger_need(paused, pause_need(result.outcome))
        lines.append(f"Paused:   stays paused, needs {kept} (answering again never lifts a pause)")
    lines += [
        f"Tier:     {result.tier or '-'} (once cleared)",
        *(f"Because:  [{r.source}] {r.message}" for r in result.tier_reasons),
        f"STEADI:   {result.steadi_score} / 14",
        f"ABC-6:    {result.abc6:.1f}",
    ]
    if not result.show_dose:
        lines.append("Dose:     not shown to the person until cleared")
    if answers.unanswered:
        lines.append(f"Unanswered (read as no): {', '.join(answers.unanswered)}")
    if result.tier:
        needing = [s for s in rules.STAGES if s in supervised_only(answers, result.tier)]
        lines.append(f"Only with someone trained: {', '.join(needing) or '-'}")
        lines.append(
            f"Confirmed by a coach: {', '.join(s for s in rules.STAGES if s in supervised) or '-'}"
        )
    lines += [f"Flag:     [{f.source}] {f.code}: {f.message}" for f in result.flags]
    return "\n".join(lines)


def _plan_text(plan: PlanDraft) -> str:
    seated = plan.prescription.seated_rest
    lines = [
        "",
        f"Plan (rules {plan.rules_version})",
        f"Stages:   {' > '.join(plan.stages)}; start: {plan.start_stage}",
        f"Sessions: {plan.sessions_per_week} a week on {', '.join(plan.session_days)}, "
        f"{plan.minutes_available} minutes available",
        "Seated rest: yes, 1 minute sitting after each backward bout ('fwd' is sitting)"
        if seated
        else "Seated rest: no ('fwd' is easy walking)",
    ]
    lines += [f"Skipped:  {stage}: {render(why)}" for stage, why in plan.skipped.items()]
    lines += [f"Why:      [{r.source}] {r.code}: {r.message}" for r in plan.reasons]
    header = "  date        stage      L  warm  back  fwd  cool  total  bouts     RPE  km/h"
    for number, week in enumerate(plan.weeks, start=1):
        lines += ["", f"Week {number} (from {week.start:%a %d %b %Y})", header]
        for s in week.sessions:
            bouts = f"{s.bout_backward_seconds}s:{s.bout_forward_seconds}s"
            lines.append(
                f"  {s.date:%a %d %b}  {s.stage:<9}  {s.level}  {s.warmup_minutes:>4}  "
                f"{s.backward_minutes:>4}  {s.forward_minutes:>3}  {s.cooldown_minutes:>4}  "
                f"{s.total_minutes:>5}  {bouts:<8}  {s.rpe_range[0]}-{s.rpe_range[1]}  "
                f"{s.speed_kmh or '-'}" + ("" if s.fits else "  (needs more time)")
            )
    return "\n".join(lines)
