import { Table, TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Run } from '@videogen/plugin-videogen-common';
import {
  displayUser,
  formatAge,
  formatDuration,
  secondsBetween,
  shortId,
} from '../shared/format';
import { humanize, runStatusKind, StatusLabel } from '../shared/StatusLabel';
import { isActiveRun, planSummaryText } from './runStatus';

export type RunListProps = {
  runs: Run[];
  now: number;
  /** The run whose log is shown. */
  selectedRunId?: string;
  onSelectRun: (runId: string) => void;
  /** How many runs to list. */
  recentRuns: number;
};

/** The latest runs; each run's button shows its log. */
export const RunList = (props: RunListProps) => {
  const { runs, now, selectedRunId, onSelectRun, recentRuns } = props;

  const columns: TableColumn<Run>[] = [
    {
      title: 'Run',
      render: r => (
        <Button
          size="small"
          variant={r.id === selectedRunId ? 'outlined' : 'text'}
          aria-pressed={r.id === selectedRunId}
          style={{ textTransform: 'none' }}
          aria-label={`Show the log of ${r.operation} run ${shortId(r.id)}`}
          onClick={() => onSelectRun(r.id)}
        >
          {r.operation} {shortId(r.id)}
        </Button>
      ),
    },
    {
      title: 'Status',
      render: r => (
        <StatusLabel kind={runStatusKind(r.status)}>
          {humanize(r.status)}
        </StatusLabel>
      ),
    },
    { title: 'Changes', render: r => planSummaryText(r) },
    { title: 'By', render: r => displayUser(r.requestedBy) },
    {
      title: 'Started',
      render: r => formatAge(r.startedAt ?? r.createdAt, now),
    },
    {
      title: 'Duration',
      render: r =>
        formatDuration(
          secondsBetween(
            r.startedAt ?? r.createdAt,
            r.finishedAt ??
              (isActiveRun(r.status) ? new Date(now).toISOString() : undefined),
          ),
        ),
    },
  ];

  if (runs.length === 0) {
    return <Typography variant="body2">No Terraform runs yet.</Typography>;
  }
  return (
    <Table<Run>
      title="Runs"
      options={{
        draggable: false,
        paging: false,
        search: false,
        padding: 'dense',
        toolbar: false,
        sorting: false,
      }}
      columns={columns}
      data={runs.slice(0, recentRuns).map(r => ({ ...r }))}
    />
  );
};
