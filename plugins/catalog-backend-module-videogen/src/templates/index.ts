export { VideogenTemplateProvider } from './VideogenTemplateProvider';
export { readTemplateEntities } from './templateEntities';
export { findTemplatesDir } from './templatesDir';
