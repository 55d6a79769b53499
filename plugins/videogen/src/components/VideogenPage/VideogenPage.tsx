import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { BackendHealth } from '../BackendHealth';
import { EnvironmentsOverview } from '../EnvironmentsOverview';
import { UploadSection } from './UploadSection';

/**
 * The standalone `/videogen` page, where the sidebar's "Video generator"
 * lands: the upload card with its environment picker first (no further
 * click to upload), then every environment's health at a glance.
 * `?environment=<name>` picks the environment, `?video=<id>` opens a video.
 */
export const VideogenPage = () => (
  <Page themeId="tool">
    <Header
      title="Video generator"
      subtitle="Upload a character photo and a script; get a narrated video back"
    />
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6} lg={5}>
          <UploadSection />
        </Grid>
        <Grid item xs={12} md={6} lg={7}>
          <BackendHealth />
        </Grid>
        <Grid item xs={12}>
          <EnvironmentsOverview />
        </Grid>
      </Grid>
    </Content>
  </Page>
);
