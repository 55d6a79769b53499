import {
  EmptyState,
  Link,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  Environment,
  EnvironmentStatusResponse,
  Run,
} from '@videogen/plugin-videogen-common';
import { useNow } from '../../hooks/useNow';
import { formatAge, shortId } from '../shared/format';
import { StatusCard } from '../shared/StatusCard';
import {
  humanize,
  lifecycleKind,
  resourceStatusKind,
  runStatusKind,
  StatusLabel,
} from '../shared/StatusLabel';

/** One environment's health at a glance. */
export type EnvironmentRow = {
  environment: Environment;
  status?: EnvironmentStatusResponse;
  statusError?: string;
  lastRun?: Run;
};

export type EnvironmentsTableProps = {
  rows?: EnvironmentRow[];
  updatedAt?: Date;
  loading?: boolean;
  error?: Error;
  denied?: string;
  /** Where an environment's entity tab lives. */
  linkTo: (environment: string) => string;
};

function queueSummary(row: EnvironmentRow): string {
  const counts = row.status?.queue.data?.counts;
  if (!counts) return '—';
  const waiting =
    (counts.SUBMITTED ?? 0) + (counts.PENDING ?? 0) + (counts.RUNNABLE ?? 0);
  const running = (counts.STARTING ?? 0) + (counts.RUNNING ?? 0);
  return `${waiting} waiting · ${running} running · ${
    counts.SUCCEEDED ?? 0
  } succeeded · ${counts.FAILED ?? 0} failed`;
}

/** Every environment with its health, each linking to its entity tab. */
export const EnvironmentsTable = (props: EnvironmentsTableProps) => {
  const { rows, updatedAt, loading, error, denied, linkTo } = props;
  const now = useNow(5000);
  const columns: TableColumn<EnvironmentRow>[] = [
    {
      title: 'Environment',
      render: r => (
        <Link to={linkTo(r.environment.name)}>{r.environment.name}</Link>
      ),
    },
    {
      title: 'Target',
      render: r =>
        r.environment.region && r.environment.region !== r.environment.target
          ? `${r.environment.target} · ${r.environment.region}`
          : r.environment.target,
    },
    {
      title: 'Status',
      render: r => (
        <StatusLabel kind={lifecycleKind(r.environment.status)}>
          {humanize(r.environment.status)}
        </StatusLabel>
      ),
    },
    {
      title: 'Cluster',
      render: r => {
        const cluster = r.status?.cluster;
        if (cluster?.data) {
          return (
            <StatusLabel kind={resourceStatusKind(cluster.data.status)}>
              {cluster.data.status}
            </StatusLabel>
          );
        }
        const problem = cluster?.error ?? r.statusError;
        return problem ? (
          <StatusLabel kind="error">
            <span title={problem}>unavailable</span>
          </StatusLabel>
        ) : (
          '—'
        );
      },
    },
    { title: 'Queue', render: r => queueSummary(r) },
    {
      title: 'Videos',
      render: r => r.status?.videos.data?.total ?? '—',
    },
    {
      title: 'Last run',
      render: r =>
        r.lastRun ? (
          <>
            <StatusLabel kind={runStatusKind(r.lastRun.status)}>
              {r.lastRun.operation} {humanize(r.lastRun.status)}
            </StatusLabel>
            <Typography variant="caption" color="textSecondary" component="div">
              <span title={r.lastRun.id}>{shortId(r.lastRun.id)}</span> ·{' '}
              {formatAge(r.lastRun.finishedAt ?? r.lastRun.createdAt, now)}
            </Typography>
          </>
        ) : (
          'none'
        ),
    },
  ];
  return (
    <StatusCard
      title="Environments"
      updatedAt={updatedAt}
      loading={loading}
      error={error}
      denied={denied}
      hasData={!!rows}
    >
      {rows && rows.length === 0 ? (
        <EmptyState
          missing="data"
          title="No environments yet"
          description="Run the provision template to create one."
        />
      ) : (
        <Table<EnvironmentRow>
          options={{
            draggable: false,
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: false,
          }}
          columns={columns}
          data={(rows ?? []).map(r => ({ ...r }))}
        />
      )}
    </StatusCard>
  );
};
