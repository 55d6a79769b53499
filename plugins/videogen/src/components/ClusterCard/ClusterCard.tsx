import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  ClusterStatus,
  NodeGroupStatus,
  StatusSection,
} from '@videogen/plugin-videogen-common';
import { StatusCard } from '../shared/StatusCard';
import { resourceStatusKind, StatusLabel } from '../shared/StatusLabel';

export type ClusterCardProps = {
  section?: StatusSection<ClusterStatus>;
  loading?: boolean;
  error?: Error;
  denied?: string;
};

const Fact = (props: { label: string; children: React.ReactNode }) => (
  <Box display="flex" py={0.5}>
    <Typography
      component="dt"
      variant="body2"
      color="textSecondary"
      style={{ minWidth: 160 }}
    >
      {props.label}
    </Typography>
    <Typography component="dd" variant="body2" style={{ margin: 0 }}>
      {props.children}
    </Typography>
  </Box>
);

function endpointAccess(cluster: ClusterStatus): string {
  const kinds = [
    cluster.endpointPublicAccess ? 'public' : undefined,
    cluster.endpointPrivateAccess ? 'private' : undefined,
  ].filter(Boolean);
  if (
    cluster.endpointPublicAccess === undefined &&
    cluster.endpointPrivateAccess === undefined
  ) {
    return 'unknown';
  }
  return kinds.length ? kinds.join(' and ') : 'none';
}

const nodeGroupColumns: TableColumn<NodeGroupStatus>[] = [
  { title: 'Node group', field: 'name' },
  {
    title: 'Status',
    field: 'status',
    render: g => (
      <StatusLabel kind={resourceStatusKind(g.status)}>{g.status}</StatusLabel>
    ),
  },
  {
    title: 'Desired / min / max',
    render: g => `${g.desiredSize} / ${g.minSize} / ${g.maxSize}`,
  },
  {
    title: 'Ready',
    render: g =>
      g.readyNodes === undefined ? '—' : `${g.readyNodes} of ${g.desiredSize}`,
  },
  { title: 'Instance types', render: g => g.instanceTypes.join(', ') || '—' },
];

const LocalPool = ({ cluster }: { cluster: ClusterStatus }) => {
  const slots = cluster.slots ?? 0;
  const busy = cluster.busy ?? 0;
  const percent = slots > 0 ? Math.min(100, (busy / slots) * 100) : 0;
  return (
    <>
      <dl style={{ margin: 0 }}>
        <Fact label="Status">
          <StatusLabel kind={resourceStatusKind(cluster.status)}>
            {cluster.status}
          </StatusLabel>
        </Fact>
        <Fact label="Worker pool">{cluster.name}</Fact>
        <Fact label="Host">{cluster.host ?? '—'}</Fact>
        <Fact label="Busy slots">
          {busy} of {slots}
        </Fact>
      </dl>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`${busy} of ${slots} worker slots busy`}
        style={{ marginTop: 8, height: 8, borderRadius: 4 }}
      />
    </>
  );
};

const EksCluster = ({ cluster }: { cluster: ClusterStatus }) => (
  <>
    <dl style={{ margin: 0 }}>
      <Fact label="Status">
        <StatusLabel kind={resourceStatusKind(cluster.status)}>
          {cluster.status}
        </StatusLabel>
      </Fact>
      <Fact label="Cluster">{cluster.name}</Fact>
      <Fact label="Kubernetes version">{cluster.kubernetesVersion ?? '—'}</Fact>
      <Fact label="Endpoint access">{endpointAccess(cluster)}</Fact>
    </dl>
    <Box mt={2}>
      {cluster.nodeGroups.length === 0 ? (
        <Typography variant="body2">
          This cluster has no node groups.
        </Typography>
      ) : (
        <Table<NodeGroupStatus>
          title="Node groups"
          options={{
            draggable: false,
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: false,
          }}
          columns={nodeGroupColumns}
          data={cluster.nodeGroups}
        />
      )}
    </Box>
  </>
);

/**
 * The environment's compute: the EKS cluster and its node groups in aws mode,
 * the local worker pool in local mode.
 */
export const ClusterCard = (props: ClusterCardProps) => {
  const { section, loading, error, denied } = props;
  const cluster = section?.data;
  return (
    <StatusCard
      title="Cluster"
      updatedAt={section?.updatedAt}
      loading={loading}
      error={error}
      sectionError={section?.error}
      denied={denied}
      hasData={!!cluster}
    >
      {cluster?.kind === 'local-pool' && <LocalPool cluster={cluster} />}
      {cluster?.kind === 'eks' && <EksCluster cluster={cluster} />}
    </StatusCard>
  );
};
