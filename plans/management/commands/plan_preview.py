"""Print the screening result and plan for an answers file: a quick way to check a rule.

manage.py plan_preview tests/data/persona_1.json --start 2026-03-02 --clearance coach
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans import rules
from plans.engine import PlanDraft, build_plan
from plans.screening import OUTCOME_MESSAGES, Answers, Screening, screen


class Command(BaseCommand):
    help = "Show the screening result and the plan for a JSON answers file."

    def add_arguments(self, parser):
        parser.add_argument("answers", type=Path, help="JSON file with the domain.md §7 keys")
        parser.add_argument("--start", type=date.fromisoformat, help="YYYY-MM-DD; default today")
        parser.add_argument("--clearance", choices=rules.CLEARANCES)
        parser.add_argument("--weeks", type=int, default=4)

    def handle(self, *args, **options):
        try:
            answers = Answers.from_dict(json.loads(options["answers"].read_text()))
        except (OSError, json.JSONDecodeError, ValueError) as error:
            raise CommandError(str(error)) from error
        start = options["start"] or date.today()  # noqa: DTZ011 - a developer's local date
        result = screen(answers, clearance=options["clearance"])
        self.stdout.write(_screening_text(result))
        plan = build_plan(answers, result, start, options["weeks"])
        self.stdout.write(_plan_text(plan) if plan else "No plan: " + result.message)


def _screening_text(result: Screening) -> str:
    lines = [
        f"Outcome:  {result.outcome} - {OUTCOME_MESSAGES[result.outcome]}",
        f"Tier:     {result.tier or '-'} (once cleared)",
        f"STEADI:   {result.steadi_score} / 14",
        f"ABC-6:    {result.abc6:.1f}",
    ]
    if not result.show_dose:
        lines.append("Dose:     not shown to the person until cleared")
    lines += [f"Flag:     [{f.source}] {f.code}: {f.message}" for f in result.flags]
    return "\n".join(lines)


def _plan_text(plan: PlanDraft) -> str:
    lines = [
        "",
        f"Plan (rules {plan.rules_version})",
        f"Stages:   {' > '.join(plan.stages)}; start: {plan.start_stage}",
        f"Sessions: {plan.sessions_per_week} a week on {', '.join(plan.session_days)}, "
        f"{plan.minutes_available} minutes available",
    ]
    lines += [f"Skipped:  {stage}: {why}" for stage, why in plan.skipped.items()]
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
