import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { UploadVideoResponse, Video } from '@videogen/plugin-videogen-common';
import { useCallback } from 'react';
import { useAutoOpenSetting } from '../../hooks/useAutoOpenSetting';
import { useOwnVideoAutoOpen } from '../../hooks/useOwnVideoAutoOpen';
import { AutoOpenSwitch } from '../shared/AutoOpenSwitch';
import { UploadPanel } from '../UploadCard';

export type UploadColumnProps = {
  environment: string;
  onOpenVideo: (video: Video) => void;
  /** After an upload and when its job finishes (to refresh status cards). */
  onChanged?: () => void;
};

/**
 * The upload card with the "open my videos when they are ready" setting
 * under it: the user's own new video opens in the player by itself once its
 * job succeeds, unless the setting is off.
 */
export const UploadColumn = (props: UploadColumnProps) => {
  const { environment, onOpenVideo, onChanged } = props;
  const setting = useAutoOpenSetting();
  const autoOpen = useOwnVideoAutoOpen({
    environment,
    enabled: setting.enabled,
    open: onOpenVideo,
  });
  const { onUploaded: ownUploaded, onJobFinished: ownFinished } = autoOpen;

  const onUploaded = useCallback(
    (response: UploadVideoResponse) => {
      ownUploaded(response);
      onChanged?.();
    },
    [ownUploaded, onChanged],
  );
  const onJobFinished = useCallback(
    (video: Video) => {
      ownFinished(video);
      onChanged?.();
    },
    [ownFinished, onChanged],
  );

  return (
    <>
      <UploadPanel
        environment={environment}
        onOpenVideo={onOpenVideo}
        onUploaded={onUploaded}
        onJobFinished={onJobFinished}
      />
      <Box mt={1} px={1}>
        <AutoOpenSwitch />
        <Typography
          id="videogen-auto-open-help"
          variant="caption"
          color="textSecondary"
          component="p"
        >
          Your new video plays here as soon as it is generated. If you have left
          the page, a notification links to it.
        </Typography>
      </Box>
    </>
  );
};
