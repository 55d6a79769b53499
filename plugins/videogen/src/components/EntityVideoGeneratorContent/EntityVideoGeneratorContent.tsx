import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ANNOTATION_ENVIRONMENT } from '@videogen/plugin-videogen-common';
import { BackendHealth } from '../BackendHealth';

/** The "Video generator" tab of an environment (or the system) entity. */
export const EntityVideoGeneratorContent = () => {
  const { entity } = useEntity();
  const environment = entity.metadata.annotations?.[ANNOTATION_ENVIRONMENT];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="subtitle1">
          {environment
            ? `Environment ${environment}`
            : `All environments of ${entity.metadata.name}`}
        </Typography>
      </Grid>
      <Grid item xs={12} md={6}>
        <BackendHealth />
      </Grid>
    </Grid>
  );
};
