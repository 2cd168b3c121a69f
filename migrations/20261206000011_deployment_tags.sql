-- Tags (the seed's labels): a deployment carries tags, and every flow run carries the tags of
-- its deployment and of its flow, copied when the run is created, so runs can be filtered by
-- tag and a run keeps the tags it ran with after its deployment is edited or deleted.
-- Forward-only: columns are added, nothing existing changes meaning.

-- JSON array of strings, e.g. ["scheduled", "production"].
ALTER TABLE deployments ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
-- JSON array of strings: the deployment's tags, then the flow's own.
ALTER TABLE flow_runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';

-- The deployments the app made before tags existed get the seed's tags.
UPDATE deployments SET tags = '["scheduled","production"]'
    WHERE flow_name = 'daily_job_hunt' AND name = 'Daily job hunt';
UPDATE deployments SET tags = '["scheduled","scraping"]'
    WHERE flow_name = 'scrape_and_process' AND name = 'Job scrape every 6 hours';
UPDATE deployments SET tags = '["scheduled","maintenance"]'
    WHERE flow_name = 'maintenance' AND name = 'Nightly maintenance';

-- Their past runs, and past runs of the daily hunt (whose flow is tagged), too.
UPDATE flow_runs SET tags = (SELECT d.tags FROM deployments d WHERE d.id = flow_runs.deployment_id)
    WHERE deployment_id IN (SELECT id FROM deployments WHERE tags <> '[]');
UPDATE flow_runs SET tags = '["production","scheduled"]'
    WHERE flow_name = 'daily_job_hunt' AND tags = '[]';
