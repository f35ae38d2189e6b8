"""Outcomes (step 6, part 2): did the program work?

Skill assessments before and after (``assessments``), every KPI of step 1 measured with its
method and sample size (``kpis``), the retention and promotion of participants against a
comparable group of non-participants (``comparison``), dashboards (``dashboards``), the
sponsor's report (``reports``), the junior mentor's certificate (``certificates``) and the
exports (``exports``). The app reads every lower app and nothing imports it but the demo.
"""
