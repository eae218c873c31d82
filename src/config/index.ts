export { AppConfig } from './app-config';
export { APP_CONFIG, ConfigModule } from './config.module';
export { ConfigError, describeConfig, loadConfig } from './load-config';
export { ServerSecrets, SecretName } from './sections/secrets.section';
