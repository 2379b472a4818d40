/** Every Web API method the sandbox answers. */
import { oauthMethods } from '../oauth';
import { appMethods } from './apps';
import { authTeamMethods } from './auth-team';
import { chatMethods } from './chat';
import type { MethodDef } from './context';
import { conversationMethods } from './conversations';
import { userMethods } from './users';
import { viewMethods } from './views';

export const METHODS: Record<string, MethodDef> = {
  ...authTeamMethods,
  ...appMethods,
  ...oauthMethods,
  ...userMethods,
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
};
