import type { Catalogue } from './en-US';

/** ja-JP: polite UI style (です・ます), full-width punctuation, no plural forms (ICU `other` only). */
export const jaJP: Catalogue = {
  'common.on': 'オン',
  'common.off': 'オフ',
  'common.turnOn': 'オンにする',
  'common.turnOff': 'オフにする',
  'common.edit': '編集',
  'common.enable': '有効にする',
  'common.disable': '無効にする',
  'common.save': '保存',
  'common.cancel': 'キャンセル',
  'common.close': '閉じる',
  'common.preview': 'プレビュー',
  'common.someone': 'どなたか',
  'common.privacyPolicy': 'プライバシーポリシー',
  'common.dateAt': '{date} {time}',

  'notification.optOut':
    'Slack での PlusPlus 通知を停止するには、`/plusplus mute` と入力するか、アプリの「ホーム」タブのスイッチを使用してください。',
  'notification.defaultButton': 'PlusPlus で開く',
  'change.cancelled': '{title} は中止になりました。',
  'change.cancelledWithReason': '{title} は中止になりました。理由：{reason}',
  'change.updated':
    '更新：{title} の{what}が変更されました。{hasWhen, select, yes {新しい日時：{when}。} other {}}{hasWhere, select, yes {場所：{where}。} other {}}詳細は上のメッセージをご覧ください。',

  'help.title': '*PlusPlus for Slack* — `/plusplus` コマンド：',
  'help.line': '• {typed} — {does}',
  'help.either': '{a} または {b}',
  'help.does.help': 'この一覧を表示します',
  'help.does.status': 'リンクされている PlusPlus アカウントと、Slack 通知がオンかどうかを表示します',
  'help.does.test': 'ご自身の PlusPlus アカウントを探し、テストメッセージを送信します',
  'help.does.test_others': '他のユーザーをテストします（管理者のみ）',
  'help.does.mute': 'Slack での PlusPlus 通知をオフまたはオンにします（メールは引き続き届きます）',
  'help.does.mapping': 'PlusPlus ユーザーと Slack メンバーの照合方法を表示します（管理者のみ）',

  'reply.unknown': '申し訳ありません。`{text}` は認識できないコマンドです。',
  'reply.notConnected':
    'PlusPlus はこの Slack ワークスペースに接続されていません。PlusPlus 管理者が PlusPlus の［システム設定 > 連携 > Slack］から再接続できます。',
  'reply.noAccount':
    'PlusPlus アカウントが見つかりませんでした。Slack のメールアドレスが PlusPlus で使用しているものと同じかご確認いただくか、PlusPlus 管理者にユーザー照合の設定を確認するよう依頼してください。',
  'reply.status.linked': 'お使いの Slack アカウントは PlusPlus アカウント *{who}* にリンクされています。',
  'reply.status.on': 'Slack での PlusPlus 通知は *オン* です。`/plusplus mute` でオフにできます。',
  'reply.status.off':
    'Slack での PlusPlus 通知は *オフ* です（メールは引き続き届きます）。`/plusplus unmute` でオンにできます。',
  'reply.status.attention': '注意：接続に PlusPlus 管理者の対応が必要です（権限が不足しています）。',
  'reply.muted':
    '完了しました。今後、PlusPlus から Slack 通知は送信されません。メールでは引き続き届きます。`/plusplus unmute` で再びオンにできます。',
  'reply.unmuted':
    '完了しました。Slack での PlusPlus 通知が再びオンになりました。`/plusplus mute` でオフにできます。',
  'reply.adminsOnly.mapping': 'ユーザー照合の表示と変更は PlusPlus 管理者のみが行えます。',
  'reply.adminsOnly.test_others': '他のユーザーの Slack テストは PlusPlus 管理者のみが行えます。',
  'reply.test.notFound':
    '{self, select, yes {現在の照合設定では、お使いの Slack アカウントが見つかりませんでした。} other {現在の照合設定では、{target} の Slack アカウントが見つかりませんでした。}}',
  'reply.test.sent':
    '{self, select, yes {お使いのアカウントは {mention} にリンクされています。} other {{target} は {mention} にリンクされています。}}テストメッセージを送信しました。',
  'reply.test.failed':
    '{self, select, yes {お使いのアカウントは {mention} にリンクされています。} other {{target} は {mention} にリンクされています。}}テストメッセージを送信できませんでした：`{error}`',
  'reply.targetNotFound': '{label} に該当する PlusPlus ユーザーが見つかりませんでした。',
  'reply.mapping':
    '*ユーザー照合*：PlusPlus ユーザーは、値が一致する Slack メンバーにリンクされます。\n• PlusPlus ユーザー属性：`{plusplus}`\n• Slack ユーザー属性：`{slack}`\n変更は PlusPlus の［システム設定 > 連携 > Slack］で行えます。',
  'reply.failed':
    'システム側で問題が発生しました。変更は行われていません。1 分ほどしてから再度お試しください。',
  'reply.busy':
    'PlusPlus は現在ほかのコマンドへの応答で混み合っています。変更は行われていません。1 分ほどしてから再度お試しください。',

  'welcome.text':
    'こんにちは、PlusPlus です。PlusPlus の招待、登録、割り当て、リマインダーをここでお知らせします。',
  'welcome.body':
    '• `/plusplus help` で、Slack からできることを確認できます。\n• `/plusplus mute`（または「*ホーム*」タブのスイッチ）で Slack 通知を停止できます。メールでは引き続き届きます。`/plusplus unmute` で再びオンにできます。',
  'welcome.context': 'このウェルカムメッセージは一度だけ送信されます。<{privacyUrl}|プライバシーポリシー>',
  'installer.text':
    '{hasTeam, select, yes {PlusPlus が {team} に接続されました。次の手順をご確認ください。} other {PlusPlus が接続されました。次の手順をご確認ください。}}',
  'installer.steps':
    '1. 「*ホーム*」タブで *ユーザー照合* を確認してください。何人の PlusPlus ユーザーが Slack アカウントと照合され、残りのユーザーが照合されなかった理由を確認できます。\n2. 同じタブで *PlusPlus による Slack 通知の送信を許可* をオンにしてください（初期設定はオフです）。\n3. `/plusplus test` でご自身にテストメッセージを送信してください。',
  'installer.context':
    'このメッセージは PlusPlus をインストールしたあなたにのみ送信されています。<{privacyUrl}|プライバシーポリシー>',

  'home.notConnected':
    'PlusPlus はこの Slack ワークスペースに接続されていません。PlusPlus 管理者が PlusPlus の *［システム設定 > 連携 > Slack］* から接続できます。',
  'home.privacy': '<{privacyUrl}|PlusPlus プライバシーポリシー>',
  'home.admin.connectionHeader': '管理者：接続',
  'home.admin.workspace': '*ワークスペース：* {name}（`{id}`）',
  'home.admin.connectedBy': '*接続したユーザー：* {who}',
  'home.admin.connectedByOn': '*接続したユーザー：* {who}（{date}）',
  'home.admin.tokenRefused': ':warning: *Slack が PlusPlus のトークンを受け付けなくなりました。*',
  'home.admin.missingScopes': ':warning: *不足している権限*（再接続して付与してください）：',
  'home.admin.allGranted': ':white_check_mark: *権限：* すべて付与済み',
  'home.admin.reconnect': '再接続',
  'home.admin.notificationsHeader': '管理者：通知',
  'home.admin.notifications':
    '{on, select, yes {*PlusPlus による Slack 通知の送信を許可：* オン\nPlusPlus は招待、登録、割り当て、リマインダーを Slack で送信します。} other {*PlusPlus による Slack 通知の送信を許可：* オフ\nこの設定をオンにするまで、Slack で PlusPlus 通知は届きません。}}',
  'home.admin.matchingHeader': '管理者：ユーザー照合',
  'home.admin.plusplusAttribute': 'PlusPlus ユーザー属性：\n{value}',
  'home.admin.slackAttribute': 'Slack ユーザー属性：\n{value}',
  'home.admin.matchCounts':
    '*{matched, plural, other {# 人照合済み}}*（PlusPlus ユーザー {total, plural, other {# 人}}中）· 未照合 {unmatched, number} 人 · 重複 {ambiguous, number} 人 · エラー {errors, number} 人\n照合可能な Slack メンバー：{matchable, plural, other {# 人}}',
  'home.admin.directoryReading': ':hourglass: Slack ディレクトリを読み込み中です。件数はこれから増えます。',
  'home.admin.countsUnavailable': ':warning: 照合件数を取得できません：{reason}',
  'home.admin.rematch': '今すぐ再照合',
  'home.admin.unmatchedUsers': '未照合のユーザー',
  'home.templates.header': '管理者：通知テンプレート',
  'home.templates.on': ':large_green_circle: オン',
  'home.templates.off': ':white_circle: *オフ*',
  'home.templates.default': 'デフォルトのテンプレート',
  'home.templates.edited': '*編集済み*',
  'home.templates.overrides': 'コンテンツ別の上書き {count, plural, other {# 件}}',
  'home.templates.alwaysOnTest': '常にオン（Slack テスト）',
  'home.templates.alwaysOn': '常にオン',
  'home.templates.reset': 'デフォルトに戻す',
  'home.templates.resetTitle': 'デフォルトに戻しますか？',
  'home.templates.resetText': 'このテンプレートを PlusPlus のデフォルトに戻します。編集内容は失われます。',
  'home.templates.resetConfirm': '戻す',
  'home.templates.help':
    '無効にした種類は Slack では送信されません（メールは引き続き届きます）。テンプレートは Mustache 形式です（例：`{example}`）。編集内容は保存前に検証されます。',
  'home.failures.header': '管理者：最近の配信エラー',
  'home.failures.none': '配信エラーはありません。:tada:',
  'home.failures.noCode': 'エラーコードなし',
  'home.failures.help':
    '最近配信に失敗した Slack 通知です（新しい順）：受信者、種類、Slack のエラーコード、日時。受信者にはメールで引き続き届きます。',
  'home.me.header': 'あなたの設定',
  'home.me.account': '*あなたの PlusPlus アカウント：* {name}',
  'home.me.notifications':
    '{on, select, yes {*Slack 通知を受け取る：* オン\nPlusPlus の通知はここ Slack（およびメール）に届きます。} other {*Slack 通知を受け取る：* オフ\nPlusPlus の通知はメールのみで届きます。}}',
  'home.me.test': 'テストメッセージを受け取る',

  'notice.testSent': 'テストメッセージを送信しました。PlusPlus からの DM をご確認ください。',
  'notice.testFailed':
    'Slack アカウントは見つかりましたが、テストメッセージの送信に失敗しました（{error}）。',
  'notice.testNotFound': 'このユーザーの Slack アカウントが見つかりませんでした',
  'notice.testCouldNotRun': 'テストを実行できませんでした: {message}',
  'notice.rematchFailed': '再照合に失敗しました: {message}',

  'notice.notConnected': 'PlusPlus はこの Slack ワークスペースに接続されていません。',
  'notice.noAccount':
    'PlusPlus アカウントが見つからないため、変更できる設定はありません。Slack のメールアドレスが PlusPlus で使用しているものと同じかご確認ください。',
  'notice.adminsOnly': 'この設定を変更できるのは PlusPlus 管理者のみです。変更は行われていません。',
  'notice.noSuchTemplate': 'その通知テンプレートは存在しません。',
  'notice.tenantNotifications':
    '{on, select, yes {PlusPlus が Slack 通知を送信できるようになりました。} other {PlusPlus の Slack 通知は全員に対してオフになりました。}}',
  'notice.myNotifications':
    '{on, select, yes {PlusPlus の通知が Slack に届くようになりました。} other {ミュートしました。PlusPlus の通知はメールのみで届きます。}}',
  'notice.rematchSkipped':
    '再照合をスキップしました。Slack ディレクトリがまだ読み込まれていません。読み込みが終わると自動的に実行されます。',
  'notice.rematchDone':
    '再照合が完了しました。リンク済み {linked, plural, other {# 人}}、リンク変更 {changed, plural, other {# 件}}。',
  'notice.mappingSaved': 'ユーザー照合を保存しました。全員の再照合をバックグラウンドで実行しています。',
  'notice.templateReset': '「{label}」テンプレートをデフォルトに戻しました。',
  'notice.templateOn': '「{label}」の通知をオンにしました。',
  'notice.templateOff': '「{label}」の通知をオフにしました。Slack では送信されなくなります。',
  'notice.templateSaved': '「{label}」テンプレートを保存しました。',
  'notice.templateDefaultAgain': '「{label}」テンプレートはデフォルトと同じ内容に戻りました。',

  'kind.invite': '招待が届きました',
  'kind.enrollment': '登録が完了しました',
  'kind.assignment': '新しい割り当て',
  'kind.reminder': 'リマインダー',
  'kind.updated': '{label}（更新）',
  'kind.cancelled': '中止',
  'kind.track_welcome': 'トラックへようこそ',
  'kind.track_cancelled': 'このトラックは中止になりました',
  'kind.test_message': 'Slack 通知の設定が完了しました',

  'mapping.title': 'ユーザー照合',
  'mapping.intro':
    'PlusPlus は、この 2 つの JMESPath 式が同じ値を返したときに、PlusPlus ユーザーを Slack メンバーにリンクします。式は <https://jmespath.org|jmespath.org> で試せます。',
  'mapping.plusplusLabel': 'PlusPlus ユーザー属性',
  'mapping.plusplusHint': 'PlusPlus のユーザーレコードに対して評価されます（例：email）',
  'mapping.slackLabel': 'Slack ユーザー属性',
  'mapping.slackHint': 'Slack メンバーに対して評価されます（例：profile.email）',
  'mapping.previewButton': '影響をプレビュー',
  'mapping.previewHelp':
    'プレビューでは、Slack とのリンクが追加・解除・変更されるユーザーを確認できます。［保存］をクリックするまで何も保存されません。',
  'mapping.fixFirst': ':x: *プレビューの前に式を修正してください：*',
  'mapping.errorPlusplus': '• PlusPlus ユーザー属性：{error}',
  'mapping.errorSlack': '• Slack ユーザー属性：{error}',
  'mapping.previewFailed': ':warning: プレビューに失敗しました：{message}',
  'mapping.ifYouSave':
    '*保存した場合：* {matched, plural, other {# 人}}が照合されます（現在 {current, number} 人、{delta}）。PlusPlus ユーザー {total, plural, other {# 人}}中',
  'mapping.deltas': '*追加：* {gained, number} · *解除：* {lost, number} · *変更：* {changed, number}',
  'mapping.wouldGain': 'リンクが追加されるユーザー：{ids}',
  'mapping.wouldLose': 'リンクが解除されるユーザー：{ids}',
  'mapping.wouldChange': 'リンク先が変わるユーザー：{ids}',
  'mapping.partial': 'Slack ディレクトリを読み込み中のため、プレビューは一部のみです。',
  'mapping.fieldsPending': '{count, plural, other {# 人}}のメンバーのカスタムフィールドを取得中です。',

  'template.title': 'テンプレートを編集',
  'template.intro':
    '*{label}*（`{kind}`）：{isDefault, select, yes {PlusPlus のデフォルトテンプレート} other {編集済みのテンプレート}}',
  'template.locale': 'このバージョンの言語：{locale}',
  'template.variables': '変数：{variables}、`{dataExample}`。セクション：`{sectionExample}`',
  'template.field.header': 'ヘッダー',
  'template.field.body': '本文',
  'template.field.button_label': 'ボタンのラベル',
  'template.field.context': 'コンテキスト',
  'template.hint.header': 'プレーンテキスト、1 行。空欄の場合、ヘッダーは表示されません。',
  'template.hint.body': 'Slack の mrkdwn。必須です。',
  'template.hint.button_label': 'リンクボタンのプレーンテキスト。空欄の場合は「{defaultLabel}」になります。',
  'template.hint.context': '受信者に届いた理由（mrkdwn）。この後に、通知停止の方法が必ず追加されます。',
  'template.previewHelp':
    '保存前のテンプレートをサンプルのコンテンツでプレビューします。［保存］をクリックするまで何も保存されません。',
  'template.problem': '{field}：{message}',
  'template.problemAt': '{field}、{line} 行 {column} 列：{message}',
  'template.fixFirst': ':x: *プレビューの前にテンプレートを修正してください：*',
  'template.previewFailed': ':warning: プレビューに失敗しました：{message}',
  'template.previewHeading': ':eyes: サンプルのコンテンツによる *プレビュー*（未保存）：',

  'unmatched.title': '未照合のユーザー',
  'unmatched.summary':
    '*未照合 {unmatched, plural, other {# 人}}* · 照合済み {matched, number} 人 · 重複 {ambiguous, number} 人 · エラー {errors, number} 人（PlusPlus ユーザー {total, plural, other {# 人}}中）',
  'unmatched.everyoneMatched': '全員が照合済みです。',
  'unmatched.emptyPage': 'このページにはユーザーがいません。',
  'unmatched.showing': '{total, number} 件中 {from, number}～{to, number} 件を表示',
  'unmatched.previous': '‹ 前へ',
  'unmatched.next': '次へ ›',
  'unmatched.reason.no_value': 'PlusPlus ユーザー属性の値がありません',
  'unmatched.reason.not_found': 'この値を持つ Slack メンバーがいません',
  'unmatched.reason.ambiguous': '複数の Slack メンバーまたは PlusPlus ユーザーが同じ値を持っています',
  'unmatched.reason.expression_error': 'このレコードで PlusPlus ユーザー属性の評価に失敗しました',
  'unmatched.reason.slack_member_deactivated': '該当する Slack メンバーは無効化されています',
  'unmatched.reason.slack_member_is_bot': '該当する Slack メンバーはボットです',
  'unmatched.reason.no_email_in_slack': '該当する Slack メンバーは Slack にメールアドレスがありません',
  'unmatched.loading': '読み込み中…',

  // Issue 21: send windows and digests
  'digest.header': 'PlusPlus の新しい通知が {count, plural, other {# 件}}あります',
  'digest.moreLink': '…ほか {count, plural, other {# 件}}：<{url}|PlusPlus ですべて表示>',
  'digest.more': '…ほか {count, plural, other {# 件}}は PlusPlus でご確認ください。',
  'digest.context': 'PlusPlus からこれらの通知が送信されたため、このメッセージをお送りしています。{optOut}',
  'digest.textItem': '{hasWhen, select, yes {{title}（{when}）} other {{title}}}',
  'digest.textSeparator': '／',
  'digest.text':
    'PlusPlus の新しい通知が {count, plural, other {# 件}}あります：{items}{more, plural, =0 {} other {／ほか # 件}}',
  'timing.home.header': '管理者：配信タイミング',
  'timing.home.windowOn':
    '*配信時間帯：* {days}の {start}～{end}（各メンバーのタイムゾーン）。対象：{types}。その他の通知はすぐに配信されます。',
  'timing.home.windowOff': '*配信時間帯：* オフ。通知は PlusPlus から送信され次第、配信されます。',
  'timing.home.digestOn':
    '*まとめ配信：* オン。同時に配信予定となった通知を 1 通のメッセージにまとめ、最大 {max, number} 件を一覧表示します。',
  'timing.home.digestOff': '*まとめ配信：* オフ。通知は 1 件ずつ個別のメッセージで配信されます。',
  'timing.home.defaultZone':
    '*デフォルトのタイムゾーン：* {zone}（Slack のタイムゾーンが不明なメンバーに使用します）',
  'timing.home.edit': '配信タイミングを編集',
  'timing.notice.saved': '配信タイミングを保存しました。',
  'timing.type.invite': '招待',
  'timing.type.enrollment': '登録',
  'timing.type.assignment': '割り当て',
  'timing.type.reminder': 'リマインダー',
  'timing.modal.title': '配信タイミング',
  'timing.modal.window': '配信時間帯',
  'timing.modal.windowOn': '配信時間帯になるまで通知を保留する',
  'timing.modal.start': '開始時刻',
  'timing.modal.startHint': '各メンバーの現地時刻（24 時間制の HH:MM）。例：09:00',
  'timing.modal.end': '終了時刻',
  'timing.modal.endHint': '開始時刻より後の、同じ日の時刻。例：17:30',
  'timing.modal.days': '曜日',
  'timing.modal.types': '配信時間帯まで保留する通知',
  'timing.modal.timeZone': 'デフォルトのタイムゾーン',
  'timing.modal.timeZoneHint':
    'Slack のタイムゾーンが不明なメンバーに使用します。例：Europe/Berlin（IANA 名）',
  'timing.modal.digest': 'まとめ配信',
  'timing.modal.digestOn': '同時に配信予定となった通知を 1 通にまとめる',
  'timing.modal.maxItems': 'まとめ配信に一覧表示する件数',
  'timing.modal.maxItemsHint': '1～10。残りは「ほか N 件」として件数のみ表示されます',
  'timing.modal.context':
    '保留された通知は、各メンバーのタイムゾーンで配信時間帯が始まると、ワークスペースの送信ペースに合わせて配信されます。',
  'timing.error.notATime': '時刻を HH:MM 形式（24 時間制）で入力してください。例：09:00',
  'timing.error.endNotAfterStart':
    '終了時刻は、同じ日の開始時刻より後にしてください。日付をまたぐ時間帯は設定できません。',
  'timing.error.noDays': '曜日を 1 つ以上選択してください。',
  'timing.error.unknownDays': '一覧から曜日を選択してください。',
  'timing.error.noTypes': '通知の種類を 1 つ以上選択してください。',
  'timing.error.unknownTypes': '一覧から通知の種類を選択してください。',
  'timing.error.notATimeZone': 'タイムゾーンを IANA 名で入力してください。例：Europe/Berlin',
  'timing.error.maxItemsRange': '1～10 の整数を入力してください。',
  'timing.error.invalid': 'この値は無効です。',
};
