"""Work that grows with the company, done by the task worker with progress a page can show.

One record per piece of work (``BackgroundJob``: an import, an export, a report), queued by a
service of the app it belongs to (``services.job_queue``), run by that app's task through
``services.job_perform``, which records how it went; ``progress.JobProgress`` reports the
phase and the rows done as it goes, ``selectors.job_activity`` reads it back for a page that
polls it (``templates/core/_job_progress.html``). A file a job writes (an export, a PDF)
lives under MEDIA_ROOT with a random name until ``REMENTO_JOB_FILE_HOURS`` have passed
(``services.job_files_purge``).

Work asked for by whoever notices it is due, with no record of its own (keeping a program's
figures again, encoding a run), goes through ``queue_once.queue_once``: at most one request
per key waits for the worker.
"""
