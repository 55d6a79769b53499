import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useSearchParams } from 'react-router-dom';
import { videogenApiRef } from '../../api';
import { environmentOf } from '../../filters';
import { usePolling } from '../../hooks/usePolling';
import { EnvironmentDashboard } from '../EnvironmentDashboard';
import { humanize } from '../shared/StatusLabel';

const ENVIRONMENTS_INTERVAL_MS = 30_000;

/** The system's tab: pick one of the environments the API lists. */
const EnvironmentSelector = () => {
  const api = useApi(videogenApiRef);
  const [params, setParams] = useSearchParams();
  const environments = usePolling(() => api.listEnvironments(), [api], {
    intervalMs: ENVIRONMENTS_INTERVAL_MS,
  });
  const items = environments.value?.items;

  if (!items && environments.loading) return <Progress />;
  if (!items && environments.error) {
    return (
      <ResponseErrorPanel
        error={environments.error}
        title="Could not list the environments"
      />
    );
  }
  if (!items || items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No environments yet"
        description="Run the provision template to create one; it appears here when it is registered."
      />
    );
  }
  const requested = params.get('environment');
  const selected =
    items.find(e => e.name === requested)?.name ??
    items.find(e => e.status === 'READY')?.name ??
    items[0].name;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} sm={6} md={4}>
        <TextField
          select
          fullWidth
          variant="outlined"
          size="small"
          id="videogen-environment-select"
          label="Environment"
          value={selected}
          onChange={event => {
            const next = new URLSearchParams(params);
            next.set('environment', event.target.value);
            setParams(next, { replace: true });
          }}
        >
          {items.map(e => (
            <MenuItem key={e.name} value={e.name}>
              {e.name} ({e.target}, {humanize(e.status)})
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12}>
        <EnvironmentDashboard environment={selected} />
      </Grid>
    </Grid>
  );
};

/** The "Video generator" tab of an environment (or the system) entity. */
export const EntityVideoGeneratorContent = () => {
  const { entity } = useEntity();
  const environment = environmentOf(entity);
  return environment ? (
    <EnvironmentDashboard environment={environment} />
  ) : (
    <EnvironmentSelector />
  );
};
