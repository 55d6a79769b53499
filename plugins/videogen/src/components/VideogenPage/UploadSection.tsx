import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import {
  Environment,
  videogenVideoCreatePermission,
} from '@videogen/plugin-videogen-common';
import { useSearchParams } from 'react-router-dom';
import { videogenApiRef } from '../../api';
import { useMediaAccess } from '../../hooks/useMediaAccess';
import { usePolling } from '../../hooks/usePolling';
import { useVideoReadPermission } from '../../hooks/useEnvironmentData';
import { usePushAwareInterval } from '../../hooks/useVideogenSignals';
import { UploadColumn } from '../EnvironmentDashboard/UploadColumn';
import { usePlayer } from '../EnvironmentDashboard/usePlayer';
import { describeError } from '../shared/errors';
import { LinkedVideoError } from '../shared/LinkedVideoError';
import { humanize } from '../shared/StatusLabel';
import { VideoPlayerDialog } from '../VideoPlayerDialog';

const ENVIRONMENTS_INTERVAL_MS = 30_000;
/** The query parameter of the picked environment (shareable, kept on reload). */
export const ENVIRONMENT_PARAM = 'environment';

/**
 * Which environment the upload goes to: the one the link names, else the
 * linked video's, else the first one ready for uploads.
 */
export function pickEnvironment(
  items: Environment[],
  requested?: string,
  linkedVideoEnvironment?: string,
): string | undefined {
  const named = [requested, linkedVideoEnvironment].find(
    name => name && items.some(e => e.name === name),
  );
  return named ?? items.find(e => e.status === 'READY')?.name;
}

/**
 * The top of the "Video generator" page: pick an environment, upload a
 * photo and a script, and watch the video open when it is ready.
 */
export const UploadSection = () => {
  const api = useApi(videogenApiRef);
  const [params, setParams] = useSearchParams();
  const create = usePermission({ permission: videogenVideoCreatePermission });
  const read = useVideoReadPermission();
  const media = useMediaAccess(read.allowed);
  const player = usePlayer();
  const intervalMs = usePushAwareInterval(ENVIRONMENTS_INTERVAL_MS);
  const environments = usePolling(
    async () => (await api.listEnvironments()).items,
    [api],
    { intervalMs },
  );
  const items = environments.value;
  const selected = items
    ? pickEnvironment(
        items,
        params.get(ENVIRONMENT_PARAM) ?? undefined,
        player.playing?.environment,
      )
    : undefined;

  let body;
  if (!items && environments.loading) {
    body = <Progress />;
  } else if (!items) {
    body = (
      <Alert severity="error" role="alert">
        Could not list the environments: {describeError(environments.error)}
      </Alert>
    );
  } else if (!create.loading && !create.allowed) {
    body = (
      <Alert severity="info">
        You may not upload videos ({videogenVideoCreatePermission.name}).
      </Alert>
    );
  } else if (!selected) {
    body = (
      <Alert severity="info">
        No environment is ready for uploads yet. Run the provision template to
        create one; it appears here once it is ready.
      </Alert>
    );
  } else {
    body = (
      <>
        <Box mb={2}>
          <TextField
            select
            fullWidth
            variant="outlined"
            size="small"
            id="videogen-upload-environment"
            label="Environment"
            value={selected}
            helperText="Where the video is generated"
            onChange={event => {
              const next = new URLSearchParams(params);
              next.set(ENVIRONMENT_PARAM, event.target.value);
              setParams(next, { replace: true });
            }}
          >
            {items.map(e => (
              <MenuItem key={e.name} value={e.name}>
                {e.name} ({e.target}, {humanize(e.status)})
              </MenuItem>
            ))}
          </TextField>
        </Box>
        <UploadColumn environment={selected} onOpenVideo={player.open} />
      </>
    );
  }

  return (
    <>
      <LinkedVideoError error={player.linkError} onClose={player.dismissLink} />
      <section aria-label="Upload">{body}</section>
      <VideoPlayerDialog
        video={player.playing}
        media={media.access}
        mediaError={media.error}
        onClose={player.close}
      />
    </>
  );
};
