import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  JobSummary,
  QueueStatus,
  StatusSection,
} from '@videogen/plugin-videogen-common';
import { formatDuration, secondsBetween, shortId } from '../shared/format';
import { StatusCard } from '../shared/StatusCard';
import {
  jobStateKind,
  resourceStatusKind,
  StatusLabel,
} from '../shared/StatusLabel';
import { JobStateBars } from './JobStateBars';

export type QueueCardProps = {
  section?: StatusSection<QueueStatus>;
  loading?: boolean;
  error?: Error;
  denied?: string;
  /** How many recent jobs to list. */
  recentJobs?: number;
};

const useStyles = makeStyles(theme => ({
  jobs: { listStyle: 'none', margin: 0, padding: 0 },
  job: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: theme.spacing(1),
    padding: theme.spacing(0.75, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  reason: { gridColumn: '1 / -1', overflowWrap: 'anywhere' },
}));

/** Recent jobs as a compact list: the card is often narrow. */
const RecentJobs = (props: { jobs: JobSummary[] }) => {
  const classes = useStyles();
  return (
    <ul className={classes.jobs} aria-label="Recent jobs">
      {props.jobs.map(job => (
        <li key={job.id} className={classes.job}>
          <StatusLabel kind={jobStateKind(job.state)}>
            {job.state}
            <code title={job.id} style={{ marginLeft: 8 }}>
              {shortId(job.id)}
            </code>
          </StatusLabel>
          <Typography variant="body2" component="span" color="textSecondary">
            {formatDuration(
              job.durationSeconds ??
                secondsBetween(job.startedAt, job.finishedAt),
            )}
          </Typography>
          {job.failureReason && (
            <Typography
              variant="caption"
              color="error"
              className={classes.reason}
            >
              {job.failureReason}
            </Typography>
          )}
        </li>
      ))}
    </ul>
  );
};

const StateLine = (props: { label: string; value: string }) => (
  <Box display="flex" alignItems="center" mr={3}>
    <Typography variant="body2" color="textSecondary" component="span">
      {props.label}:&nbsp;
    </Typography>
    <StatusLabel kind={resourceStatusKind(props.value)}>
      {props.value}
    </StatusLabel>
  </Box>
);

/** The job queue (AWS Batch, or the local queue): state, counts and recent jobs. */
export const QueueCard = (props: QueueCardProps) => {
  const { section, loading, error, denied, recentJobs = 5 } = props;
  const queue = section?.data;
  return (
    <StatusCard
      title="Batch queue"
      updatedAt={section?.updatedAt}
      loading={loading}
      error={error}
      sectionError={section?.error}
      denied={denied}
      hasData={!!queue}
    >
      {queue && (
        <>
          <Typography variant="subtitle2" component="h3">
            {queue.name}
          </Typography>
          <Box display="flex" flexWrap="wrap" mb={1}>
            <StateLine label="Queue" value={queue.state} />
            <StateLine label="Status" value={queue.status} />
          </Box>
          {queue.computeEnvironments.map(ce => (
            <Box key={ce.name} display="flex" flexWrap="wrap" mb={1}>
              <Typography
                variant="body2"
                component="span"
                style={{ marginRight: 16 }}
              >
                Compute environment {ce.name}
              </Typography>
              <StateLine label="State" value={ce.state} />
              <StateLine label="Status" value={ce.status} />
            </Box>
          ))}
          <JobStateBars counts={queue.counts} />
          <Box mt={2}>
            <Typography variant="subtitle2" component="h4">
              Recent jobs
            </Typography>
            {queue.recentJobs.length === 0 ? (
              <Typography variant="body2">No jobs yet.</Typography>
            ) : (
              <RecentJobs jobs={queue.recentJobs.slice(0, recentJobs)} />
            )}
          </Box>
        </>
      )}
    </StatusCard>
  );
};
