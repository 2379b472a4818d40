/** Every Web API method the sandbox answers. */
import { oauthMethods } from '../oauth';
import { authTeamMethods } from './auth-team';
import { chatMethods } from './chat';
import type { MethodDef } from './context';
import { conversationMethods } from './conversations';
import { userMethods } from './users';
import { viewMethods } from './views';

export const METHODS: Record<string, MethodDef> = {
  ...authTeamMethods,
  ...oauthMethods,
  ...userMethods,
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
};
